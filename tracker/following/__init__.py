"""Following sessions and series: newly issued resolutions fetched, imported and told."""
