"""The public pages. Anyone may use them; they show listed products and businesses only."""
