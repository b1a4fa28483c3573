"""Lambda handler sources of the example fleet, zipped by the deployer (package data)."""
