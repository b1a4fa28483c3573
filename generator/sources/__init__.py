"""Pull API documents from API Gateway (AWS or the emulator) into ``specs/`` snapshots.

- ``clients``: boto3 clients with sdkgen's retry and user-agent settings;
- ``aws_errors``: botocore failures turned into one-line ``SdkgenError`` messages;
- ``apigateway``: finding an API by id or name, exporting a stage, its deployment id;
- ``snapshot``: the canonical JSON form and atomic, change-only writes;
- ``targets``: which (api, stage) pairs a pull covers and with which settings;
- ``fetch``: one (api, stage) from the wire to snapshot and provenance bytes;
- ``pull``: the ``sdkgen pull`` command (fleet and ad hoc forms).

Nothing here imports boto3 until a client is made, so the command line stays quick to start.
"""
