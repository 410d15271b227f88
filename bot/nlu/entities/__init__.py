"""Rule-based entity extractors: dates and times of day, durations."""
