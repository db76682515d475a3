"""Write flows of the owner pages, one module per topic: claims, registration, listing (the
business itself), products, turnover (monthly omzet), and the history of edits with revert."""
