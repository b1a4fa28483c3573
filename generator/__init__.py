"""sdkgen: typed Python client packages from AWS API Gateway exports."""

from importlib import metadata

try:
    __version__ = metadata.version("sdkgen")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"

GENERATOR_NAME = "sdkgen"
