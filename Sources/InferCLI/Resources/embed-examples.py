#!/usr/bin/env python3
"""Writes Sources/InferCLI/Commands/ShippedExample+Texts.swift from the CSV files of
Sources/InferCLI/Resources/Examples, so that a copied `infer` runs its demo and examples without
a resource folder. OutputFileTests.theShippedExamplesAreEmbedded checks the two agree.

Run from the package root: python3 Sources/InferCLI/Resources/embed-examples.py
"""
import pathlib

root = pathlib.Path(__file__).resolve().parents[3]
examples = root / "Sources/InferCLI/Resources/Examples"
target = root / "Sources/InferCLI/Commands/ShippedExample+Texts.swift"

lines = [
    "// The examples of Sources/InferCLI/Resources/Examples, embedded in the binary so that a copied",
    "// `infer` runs its demo without a resource folder. Written by",
    "// Sources/InferCLI/Resources/embed-examples.py from those files; OutputFileTests checks that they",
    "// are the same bytes.",
    "",
    "extension ShippedExample {",
    "    /// The CSV text of each shipped example, by name.",
    "    static let texts: [String: String] = [",
]
for path in sorted(examples.glob("*.csv")):
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and '"""#' not in text, path
    lines.append(f'        "{path.stem}": #"""')
    lines += ["            " + line if line else "" for line in text[:-1].split("\n")]
    lines.append('            """# + "\\n",')
lines += ["    ]", "}", ""]
target.write_text("\n".join(lines), encoding="utf-8")
