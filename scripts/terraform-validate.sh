#!/usr/bin/env bash
# `terraform fmt -check` and `terraform validate` of terraform/ (no AWS account needed: no backend,
# no credentials). Uses the provider mirror at TF_PLUGIN_MIRROR (default /opt/tf-plugins) when it
# exists, else the public registry. Skips, saying so, where terraform is not installed: the HCL
# facts themselves are checked by test/terraform.e2e-spec.ts either way.
set -euo pipefail
cd "$(dirname "$0")/../terraform"

if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform validate: terraform is not installed here, skipped"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TF_DATA_DIR="$work/data" TF_IN_AUTOMATION=1
mirror=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
if [ -d "$mirror" ]; then
  cat >"$work/terraformrc" <<CONFIG
provider_installation {
  filesystem_mirror {
    path = "$mirror"
  }
}
CONFIG
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
else
  export TF_CLI_CONFIG_FILE=/dev/null
fi

terraform fmt -check -recursive
terraform init -backend=false -input=false -no-color >/dev/null
terraform validate -no-color
