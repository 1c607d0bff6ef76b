"""jupyter_kernel_test conformance suite for the typelearn kernel.

Installs the kernelspec "typelearn-test" into a temporary prefix with `node bin/typelearn.js install --prefix`
(so the compiled dist/ is what runs), points JUPYTER_PATH at it and lets jupyter_client start the kernel.

Run from the repository root, after `npx tsc -p .`:
    /usr/bin/python3 test/kernel/python/test_kernel.py
(`python3 -m unittest test/kernel/python/test_kernel.py` cannot work: the module path would be
`test.kernel.python.test_kernel`, and Python's own `test` package shadows the repository's test/ folder.)

Environment: NODE (node executable, default "node"); TYPELEARN_TEST_JUPYTER_PATH (use an already installed
"typelearn-test" kernelspec under that Jupyter data dir instead of installing one).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import jupyter_kernel_test

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
KERNEL_NAME = "typelearn-test"

DISPLAYABLE = (
    'display({ [Symbol.for("Jupyter.display")]() '
    '{ return { "text/plain": "hi", "text/html": "<b>hi</b>" }; } })'
)


class TypelearnKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "Math.LN", "matches": {"LN10", "LN2"}},
        {"text": "JSON.str", "matches": {"stringify"}},
        {"text": "Math.P"},
    ]
    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f(){", "const xs = [1, 2,"]
    invalid_code_samples = ["}", "const = ;"]

    code_page_something = "Math.max?"
    code_generate_error = "throw new Error('boom')"
    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "[1, 2, 3].length", "result": "3"},
    ]
    code_display_data = [{"code": DISPLAYABLE, "mime": "text/html"}]
    code_history_pattern = "6?7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput()"

    @classmethod
    def setUpClass(cls):
        cls._tmp = None
        jupyter_path = os.environ.get("TYPELEARN_TEST_JUPYTER_PATH")
        if not jupyter_path:
            cls._tmp = tempfile.mkdtemp(prefix="typelearn-kernelspec-")
            node = os.environ.get("NODE", "node")
            subprocess.run(
                [node, os.path.join(REPO, "bin", "typelearn.js"), "install",
                 "--prefix", cls._tmp, "--name", KERNEL_NAME],
                check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
            )
            jupyter_path = os.path.join(cls._tmp, "share", "jupyter")
        os.environ["JUPYTER_PATH"] = jupyter_path
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            if cls._tmp:
                shutil.rmtree(cls._tmp, ignore_errors=True)

    # Beyond the generic suite: state persists across cells and a type error is reported as an error.
    def test_state_persists_between_cells(self):
        self.flush_channels()
        reply, _ = self.execute_helper("const kept_value = 20 + 1;")
        self.assertEqual(reply["content"]["status"], "ok")
        reply, outputs = self.execute_helper("kept_value * 2")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_execution_count_increments(self):
        self.flush_channels()
        first, _ = self.execute_helper("1")
        second, _ = self.execute_helper("2")
        self.assertEqual(second["content"]["execution_count"], first["content"]["execution_count"] + 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
