"""run.alert(), and a mutation the server does not know (sent through the client's own GraphQL client)."""
import os

import wandb
from common import api, section

with section("alert") as out:
    run = wandb.init(project=os.environ["WANDB_PROJECT"], id="alerting")
    run.alert(title="loss diverged", text="loss is 1e9", level=wandb.AlertLevel.WARN)
    run.finish()

UNKNOWN = 'mutation NoSuchThing { frobnicateRun(input: {id: "x"}) { ok } }'

with section("unknown") as out:
    client = api()
    try:
        if hasattr(client, "_service_api"):  # 0.2x: GraphQL goes through wandb-core
            out["answer"] = client._service_api.execute_graphql(UNKNOWN)
        else:
            # Through the wrapper every Api call of these versions goes through, which turns an
            # HTTP error into a CommError carrying the server's message, as the user sees it.
            from wandb.apis.normalize import normalize_exceptions
            from wandb_gql import gql

            out["answer"] = normalize_exceptions(client.client.execute)(gql(UNKNOWN))
    except Exception as e:
        out["raised"] = f"{type(e).__name__}: {e}"
