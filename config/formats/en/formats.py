# Dates on pages: with the month as a word, so that neither a British nor an American reader
# can misread day and month („9 May 2026“).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
