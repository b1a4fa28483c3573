"""``sdkgen discover``: the account's REST and HTTP APIs into ``[tool.sdkgen.apis.*]``."""
