"""The example fleet (orders <- pricing <- checkout) deployed on the embedded emulator.

``deploy_fleet(emulator, workdir=...)`` builds the three REST APIs with control-plane calls
from the explicit definitions in ``definitions`` (not from ``specs/``), backs them with
Lambda functions (``lambdas/*.py``; pricing calls orders through the sdkgen-generated orders
client, checkout calls pricing over plain HTTP), deploys a ``dev`` and then a ``prod`` stage of
each (``BREAKING_CHANGES`` says what ``prod`` broke) and returns each stage's export as saved
right after its deployment, the stage URLs and the API keys.
"""

from generator.emulator.fleet.definitions import (
    API_NAMES,
    BREAKING_CHANGES,
    FLEET,
    STAGES,
    ApiDefinition,
    ApiName,
    ApiVersion,
    BreakingChange,
    MethodSpec,
    Stage,
)
from generator.emulator.fleet.deploy import (
    EXPORT_EXTENSIONS,
    LAMBDA_RUNTIME,
    STATE_DIR_ENV,
    DeployedApi,
    DeployedFleet,
    deploy_fleet,
)
from generator.emulator.fleet.packaging import FleetError

__all__ = [
    "API_NAMES",
    "BREAKING_CHANGES",
    "EXPORT_EXTENSIONS",
    "FLEET",
    "LAMBDA_RUNTIME",
    "STAGES",
    "STATE_DIR_ENV",
    "ApiDefinition",
    "ApiName",
    "ApiVersion",
    "BreakingChange",
    "DeployedApi",
    "DeployedFleet",
    "FleetError",
    "MethodSpec",
    "Stage",
    "deploy_fleet",
]
