"""Who is on the hub and how they get in: accounts, provider organisations, applications and staff
vetting, invitations between colleagues, the second factor, the access rules (default deny, stages,
roles), sessions and their end, and the terms each person accepted."""
