"""EHC cases: import, stage dates, invitations (scheduling, sending, letters, posters), opt-out,
response rates and timeliness."""
