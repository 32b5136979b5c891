#!/usr/bin/env bash
# `terraform fmt -check` and `terraform validate` of terraform/, then `terraform console` evaluates
# the default timings and that unsafe values are refused (no AWS account needed: no remote backend,
# no credentials). Uses the provider mirror at TF_PLUGIN_MIRROR (default /opt/tf-plugins) when it
# exists, else the public registry. Skips, saying so, where terraform is not installed: the HCL
# facts themselves are checked by test/terraform.e2e-spec.ts either way.
# init and validate run on a copy of the .tf files: init writes .terraform.lock.hcl next to the
# configuration, and one made from a local mirror holds only this platform's hash, which would
# then fail an operator's `terraform init` on another platform.
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
mkdir "$work/config"
cp ./*.tf "$work/config/"
if ! terraform -chdir="$work/config" init -backend=false -input=false -no-color >"$work/init.log" 2>&1; then
  cat "$work/init.log" >&2
  echo "terraform validate: could not install the AWS provider (no mirror at $mirror, registry unreachable?)" >&2
  exit 1
fi
terraform -chdir="$work/config" validate -no-color

# Evaluate what validate cannot: the defaults' timings and the variable checks that must refuse
# an unsafe value. `terraform console` on the copy with a local backend needs no AWS access.
printf 'terraform {\n  backend "local" {}\n}\n' >"$work/config/backend_override.tf"
terraform -chdir="$work/config" init -input=false -no-color >/dev/null
required=(-var 'certificate_arn=arn:aws:acm:ap-northeast-2:123456789012:certificate/x'
  -var image_tag=check -var 'cors_origins=["https://admin.example.com"]')
evaluate() {
  local expression=$1
  shift
  echo "$expression" | terraform -chdir="$work/config" console -no-color "${required[@]}" "$@" 2>&1
}
timings=$(evaluate '[local.stop_timeout_seconds, local.deregistration_delay_seconds]' | tr -d ' \n')
if [ "$timings" != "[50,35,]" ]; then
  echo "terraform: stopTimeout and deregistration delay are $timings, expected [50,35,]" >&2
  exit 1
fi
# Four unsafe values at once: terraform reports every failed variable check.
refusals=$(evaluate 'local.prefix' -var 'metrics_scraper_cidrs=["0.0.0.0/0"]' \
  -var stop_timeout_margin_seconds=10 -var availability_zone_count=1 -var min_tasks=4 \
  -var max_tasks=2 | tr -s ' \n' '  ')
for expected in "metrics_scraper_cidrs: private IPv4 CIDRs only" \
  "stop_timeout_margin_seconds must exceed the 10 s" \
  "availability_zone_count must be 2 or more" "max_tasks must be at least min_tasks"; do
  if [[ $refusals != *"$expected"* ]]; then
    echo "terraform: an unsafe value was accepted (expected \"$expected\"): $refusals" >&2
    exit 1
  fi
done
echo "terraform: stopTimeout 50 s and deregistration delay 35 s by default; unsafe values refused"
