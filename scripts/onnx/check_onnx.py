#!/usr/bin/python3
"""onnx.checker on an exported model, as a user's tooling would run it (Debian python3-onnx).

  check_onnx.py MODEL.onnx   → prints {"ok", "ir_version", "opset", "inputs", "outputs", "metadata"} as JSON;
                               exit 0 when check_model(full_check=True) passes, 1 with {"ok": false, "error"}.
"""
import json
import sys

import onnx


def main():
    path = sys.argv[1]
    model = onnx.load(path)
    try:
        # full_check also runs shape inference over the whole graph (strict types, every op's schema).
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # noqa: BLE001 - the checker's message is the report
        print(json.dumps({"ok": False, "error": str(e)[:2000]}))
        sys.exit(1)
    print(json.dumps({
        "ok": True,
        "ir_version": model.ir_version,
        "opset": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "inputs": [i.name for i in model.graph.input],
        "outputs": [o.name for o in model.graph.output],
        "metadata": {p.key: p.value for p in model.metadata_props},
    }))


if __name__ == "__main__":
    main()
