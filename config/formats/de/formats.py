# Dates on pages: short and numeric, as German readers expect („09.05.2026“).
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
