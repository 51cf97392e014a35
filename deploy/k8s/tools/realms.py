#!/usr/bin/env python3
"""Writes deploy/k8s/base/keycloak/realm-<name>.yaml (KeycloakRealmImport) from deploy/local/keycloak/realm-<name>.json.

The local suite, the e2e tests and the cluster import the same realms; DeployManifestsTest fails when the two differ.
Needs PyYAML (Debian: python3-yaml)."""
import json
import pathlib

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent.parent / "local" / "keycloak"
TARGET = HERE.parent / "base" / "keycloak"


def main():
    for source in sorted(SOURCE.glob("realm-*.json")):
        name = source.stem[len("realm-"):]
        doc = {"apiVersion": "k8s.keycloak.org/v2beta1", "kind": "KeycloakRealmImport",
               "metadata": {"name": f"leadpool-realm-{name}"},
               "spec": {"keycloakCRName": "leadpool-keycloak", "realm": json.loads(source.read_text("utf-8"))}}
        head = (f"# The realm '{name}' as deploy/local/keycloak/realm-{name}.json has it (DeployManifestsTest keeps the two equal;\n"
                "# regenerate with deploy/k8s/tools/realms.py). Imported once: Keycloak never overwrites an existing\n"
                "# realm. overlays/prod removes the demo users and takes the gateway client's secret from a Secret.\n")
        body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
        (TARGET / f"realm-{name}.yaml").write_text(head + body, "utf-8")


if __name__ == "__main__":
    main()
