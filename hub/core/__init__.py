"""The shared building blocks every part of the hub uses, with no rule of any feature in them.

Rich text cleaning, the one streaming CSV helper, language names, one-time form tokens, model and
form fields, URL converters and bounded numbers, the request guard and security headers, the
client's address, QR codes, UN M49 regions, the reference-data loader, the staff admin site and its
shared list filters, the registry of demo data, members-only files and how they are handed out
(``private_files``), and the production system checks. Nothing here imports another room.
"""
