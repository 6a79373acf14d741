# A thin driver for CMake: the README's two commands.
#   make demo   install what is missing, build, run the demo
#   make check  install what is missing, build (warnings are errors), run every test
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory

.PHONY: all deps build demo check clean install fuzz bench

all: build

deps:
	@sh .ci/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCRM_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@echo "== default rules (rules/): credit grade, service tier and maintenance plan"
	@$(BUILD)/examples/grade_customer rules
	@echo
	@echo "== default rules: a credit limit, then orders checked against it"
	@$(BUILD)/examples/credit_check rules
	@echo
	@echo "== default rules: a complaint from receipt to closure, on the 2026 calendar"
	@$(BUILD)/examples/complaint_flow rules
	@echo
	@echo "== an SLA clock from the command line (paused an hour on Oct 8)"
	@$(BUILD)/crmrules sla --rules rules --timer complaint.first_contact --start 2026-09-30T17:59:00+08:00 \
	  --pause 2026-10-08T09:00:00+08:00/2026-10-08T10:00:00+08:00 --now 2026-10-08T12:00:00+08:00
	@echo
	@echo "== the same rules from the command line: credit_limit chains into credit_grade"
	@echo '{"bad_record_24m": false, "broken_promises": false, "debt_dispute": false, "capital": "strong", "revenue_declining": false, "sales_declining": false, "illegal_operation": false, "suspended_by_authority": false, "account_freeze_risk": false, "profile_complete": true, "months_cooperating": 36, "good_operating_years": 3, "annual_payment_ratio": 1.2, "has_credit_history": true, "avg_monthly_shipments": 80000, "avg_monthly_payments": "75000.10"}' \
	  | $(BUILD)/crmrules eval --rules rules --decision credit_limit --explain
	@echo
	@echo "== the rule files' own tests"
	@$(BUILD)/crmrules test rules

check: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The benchmark: the default rules against the same policies in plain C,
# table size, load times, the CLI; then callgrind's instruction counts.
# BENCH_ARGS, e.g. "--customers 200000 --runs 3", makes it quicker.
BENCH_ARGS ?=
bench: build
	@CRM_WITH_SANITIZERS=1 sh .ci/install-deps
	@$(BUILD)/tests/bench/bench rules $(BUILD)/crmrules $(BENCH_ARGS)
	@sh tests/bench/callgrind.sh $(BUILD) rules

# libFuzzer (clang): every target for FUZZ_SECONDS, each from a copy of its
# committed corpus; new crashes stop the run and leave crash-* files.
FUZZ_SECONDS ?= 60
fuzz:
	@CRM_WITH_SANITIZERS=1 sh .ci/install-deps
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRM_BUILD_FUZZERS=ON \
	  -DCRM_BUILD_EXAMPLES=OFF \
	  -DCMAKE_C_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target fuzz_load fuzz_expr fuzz_facts fuzz_time fuzz_record fuzz_gen
	@for t in load expr facts time record gen; do \
	  bin=build-fuzz/tests/fuzz/fuzz_$$t; [ $$t = gen ] && bin=build-fuzz/tests/gen/fuzz_gen; \
	  mkdir -p build-fuzz/corpus/$$t && cp tests/fuzz/corpus/$$t/* build-fuzz/corpus/$$t/ && \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s" && \
	  if ! $$bin -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus/$$t > build-fuzz/fuzz_$$t.log 2>&1; then \
	    grep -E "ERROR|SUMMARY|#[0-9]+ 0x" build-fuzz/fuzz_$$t.log | head -20; exit 1; fi; \
	  grep -E "^(stat::number_of_executed_units|#[0-9]+ +DONE)" build-fuzz/fuzz_$$t.log; \
	done

install: build
	@cmake --install $(BUILD)

clean:
	@rm -rf $(BUILD) build-asan build-tsan build-fuzz
