"""Households and their members: the people who learn on a shared phone."""
