#!/usr/bin/env bash
# Draws the pictures the README and docs show, into this folder, with the tool built from this clone.
# Usage: examples/pictures/make.sh   (needs Graphviz's `dot` on the PATH for the graph)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build tool/Backprop.Tool -c Release -nologo -v quiet >/dev/null
backprop() { dotnet tool/Backprop.Tool/bin/Release/net10.0/Backprop.Tool.dll "$@"; }
out=examples/pictures

# micrograd's draw_dot of the neuron o = tanh(x1*w1 + x2*w2 + b).
backprop graph examples/neuron.bp --output "$out/neuron-graph.png"

# The lecture's first function, f(x) = 3x^2 - 4x + 5, and its slope; x = 3 marked (slope 14).
backprop plot examples/quadratic.bp --x x --from -5 --to 5 --width 640 --height 400 --output "$out/quadratic.png"

# The activation functions with their derivatives, x = 0.5 marked.
backprop plot examples/activations.bp --x x --from -4 --to 4 --of tanh_x --of sigmoid_x --of relu_x \
    --width 640 --height 400 --output "$out/activations.png"

# micrograd's moons demo: loss and accuracy per step, and the decision regions with the data.
backprop train examples/moons.csv --plot "$out/moons-loss.png" --boundary "$out/moons-boundary.png" >/dev/null

echo "pictures written to $out"
