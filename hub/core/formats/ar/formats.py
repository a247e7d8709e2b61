# Arabic dates as the Unicode CLDR writes them ("5 مارس 2026، 2:30 م"): Django's Arabic formats put a
# comma before the year and have no date-and-time format, so dates with a time fell back to the
# English order ("مارس 5, 2026"). hub.core.cldr writes the same dates through Babel.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y، g:i A"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
