"""Myanmar's states/regions and townships: reference data keyed by MIMU P-codes."""
