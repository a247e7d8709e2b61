"""Reports that read across the hub: the public "Hub in numbers" (/numbers/) and the inclusion
report for staff. They count what the features hold (tools, providers, officers), so they sit above
every feature and nothing imports them."""
