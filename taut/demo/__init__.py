"""The demo clinic: invented staff and patients that show every feature of Taut."""
