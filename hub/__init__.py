"""The hub's own rooms: accounts and vetting, public pages, and the platform every app builds on."""
