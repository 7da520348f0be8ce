/// Renders DOT text into a picture with Graphviz's `dot` program, found on the PATH.
module Backprop.Tool.Pictures.Graphviz


/// The formats `graph --output` renders through Graphviz, by file extension.
let formats = [ ".svg", "svg"; ".png", "png" ]

/// What the user reads when `dot` is missing: what is needed and how to get it on each platform.
let missingMessage =
    "graph --output needs Graphviz's 'dot' program to draw the picture, and no 'dot' is on the PATH.\n"
    + "  Install Graphviz (graphviz.org), then run the command again:\n"
    + "    Debian, Ubuntu:  sudo apt-get install graphviz\n"
    + "    Fedora:          sudo dnf install graphviz\n"
    + "    macOS:           brew install graphviz\n"
    + "    Windows:         winget install graphviz\n"
    + "  Without Graphviz, 'graph FILE' prints the DOT text and '--format mermaid' a Mermaid chart."

/// The full path of `dot` (`dot.exe` on Windows) in the first PATH folder that has it.
let tryFindDot () =
    Backprop.Functional.Language.Graphviz.tryFindDot ()

/// Runs `dot -TFORMAT -o OUTPUT` on the DOT text `writeDot` writes; Graphviz's own error text when it fails.
let render dot format output writeDot =
    Backprop.Functional.Language.Graphviz.render dot format output writeDot
