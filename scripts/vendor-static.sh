#!/usr/bin/env bash
# Refresh the vendored front-end assets from the npm registry (run by a developer, not at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --ignore-scripts
mkdir -p joinedup/core/static/vendor/htmx
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE joinedup/core/static/vendor/htmx/
echo "vendored htmx $(node -p "require('./node_modules/htmx.org/package.json').version")"
mkdir -p joinedup/core/static/vendor/cytoscape
cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE joinedup/core/static/vendor/cytoscape/
echo "vendored cytoscape $(node -p "require('./node_modules/cytoscape/package.json').version")"
mkdir -p joinedup/core/static/vendor/leaflet/images
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE \
  joinedup/core/static/vendor/leaflet/
cp node_modules/leaflet/dist/images/*.png joinedup/core/static/vendor/leaflet/images/
echo "vendored leaflet $(node -p "require('./node_modules/leaflet/package.json').version")"
mkdir -p tests/browser/vendor
cp node_modules/axe-core/axe.min.js tests/browser/vendor/
cp node_modules/axe-core/LICENSE tests/browser/vendor/axe-core.LICENSE
echo "vendored axe-core $(node -p "require('./node_modules/axe-core/package.json').version")"
