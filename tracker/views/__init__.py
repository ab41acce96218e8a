"""The site's pages, a module per page family; URLs in tracker/urls.py."""
