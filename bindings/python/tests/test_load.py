# SPDX-License-Identifier: MIT
"""crmrules.load: rule-file errors at file:line:column, every diagnostic,
several paths, and what a ruleset tells about itself."""

import os
import pathlib
import shutil
import tempfile
import unittest

import crmrules

import support

TIER = os.path.join(support.ROOT, "examples", "tutorial", "tier.yaml")


class Load(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_error_at_file_line_column(self):
        # the README's step 5: a constant misspelt in rule tier1
        with open(TIER, encoding="utf-8") as f:
            text = f.read().replace('">= volume_target"', '">= volume_targt"')
        bad = self.write("bad.yaml", text)
        with self.assertRaises(crmrules.RuleError) as cm:
            crmrules.load(bad)
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), (bad, 25, 69))
        self.assertEqual(e.code, "unknown")
        self.assertEqual(e.message,
                         "unknown fact or constant 'volume_targt' (did you mean 'volume_target'?)")
        self.assertEqual(str(e), f"{bad}:25:69: {e.message}")
        self.assertEqual(len(e.diagnostics), 1)
        self.assertEqual(e.diagnostics[0].severity, "error")
        self.assertEqual(str(e.diagnostics[0]), f"{bad}:25:69: error: {e.message}")

    def test_every_diagnostic(self):
        bad = self.write("two.yaml",
                         "facts: { months: int, capital: string }\n"
                         "decisions:\n"
                         "  tier:\n"
                         "    outputs: { tier: int }\n"
                         "    rules:\n"
                         "      - { id: loyal, when: monthz > 12, then: 1 }\n"
                         "      - { id: rich, when: capital > 1, then: 2 }\n")
        with self.assertRaises(crmrules.RuleError) as cm:
            crmrules.load(bad)
        d = cm.exception.diagnostics
        self.assertEqual([(x.line, x.column, x.code) for x in d],
                         [(6, 28, "unknown"), (7, 27, "type")])
        self.assertEqual(d[1].message, "cannot compare string and int")

    def test_syntax_and_io(self):
        with self.assertRaises(crmrules.RuleError) as cm:
            crmrules.load(self.write("y.yaml", "facts: { a: int\n"))
        self.assertEqual(cm.exception.code, "syntax")
        self.assertGreater(cm.exception.line, 0)
        with self.assertRaises(crmrules.RuleError) as cm:
            crmrules.load(os.path.join(self.dir, "nothing.yaml"))
        self.assertEqual(cm.exception.code, "io")

    def test_warnings(self):
        gap = self.write("gap.yaml",
                         "facts: { months: int }\n"
                         "decisions:\n"
                         "  d:\n"
                         "    inputs: [months]\n"
                         "    outputs: { v: int }\n"
                         "    rules:\n"
                         "      - { id: old, if: [\">= 12\"], then: 1 }\n"
                         "tests:\n"
                         "  - { decision: d, facts: { months: 12 }, expect: { v: 1 } }\n")
        rs = crmrules.load(gap)
        self.assertTrue(rs.warnings)
        self.assertEqual(rs.warnings[0].severity, "warning")
        with self.assertRaises(crmrules.RuleError):
            crmrules.load(gap, warnings_as_errors=True)

    def test_paths(self):
        site = self.write("site.yaml",
                          "facts: { vip: bool }\n"
                          "decisions:\n"
                          "  vip_tier:\n"
                          "    outputs: { tier: int }\n"
                          "    rules:\n"
                          "      - { id: vip, when: vip, then: 1 }\n"
                          "      - { id: other, then: 3 }\n")
        for paths in ([TIER, site], (pathlib.Path(TIER), site.encode()),
                      (p for p in [TIER, site])):
            rs = crmrules.load(paths)
            self.assertEqual(set(rs.decisions), {"service_tier", "vip_tier"})
        with self.assertRaises(ValueError):
            crmrules.load([])
        with self.assertRaises(TypeError):
            crmrules.load(12)
        self.assertEqual(crmrules.load(pathlib.Path(TIER)).decisions, ("service_tier",))

    def test_introspection(self):
        rs = support.rules()
        self.assertEqual(rs.facts["avg_monthly_payments"], "money")
        self.assertEqual(rs.facts["capital"], "string")
        with self.assertRaises(TypeError):
            rs.facts["x"] = "int"  # read-only
        self.assertIn("credit_limit", rs.decisions)
        self.assertIn("complaint.first_contact", rs.timers)
        self.assertEqual(rs.decision_facts("credit_check"),
                         ("limit", "exposure", "order_amount", "overdue_debt",
                          "first_overlimit_this_month"))
        self.assertIn("47 facts", repr(rs))
        self.assertEqual(crmrules.library_version(), crmrules.__version__)
        with self.assertRaises(TypeError):
            crmrules.Ruleset()


class Stubs(unittest.TestCase):
    """The type stubs name what the module has, and the reverse."""

    def test_stubs_match_the_module(self):
        import ast
        stub = os.path.join(os.path.dirname(crmrules.__file__), "__init__.pyi")
        with open(stub, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        names = set()
        methods = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            if isinstance(node, ast.ClassDef) and node.name == "Ruleset":
                methods = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        self.assertLessEqual(set(crmrules.__all__) - {"__version__"}, names)
        public = {n for n in dir(crmrules.Ruleset) if not n.startswith("_")}
        self.assertEqual(public, methods)


if __name__ == "__main__":
    unittest.main()
