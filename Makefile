# A thin driver for CMake: the README's two commands.
#   make demo   install what is missing, build, run the demo
#   make check  install what is missing, build (warnings are errors), run every test
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory

.PHONY: all deps build demo check clean install

all: build

deps:
	@sh .ci/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCRM_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@echo "== a host program deciding service tiers (examples/decide_tier.c)"
	@$(BUILD)/examples/decide_tier examples/tutorial/tier.yaml
	@echo "== the same rules from the command line, with the reasons"
	@echo '{"customer_kind": "long_term", "months_cooperating": 30, "monthly_volume_ratio": 1.2, "satisfaction_pct": 91}' \
	  | $(BUILD)/crmrules eval --rules examples/tutorial/tier.yaml --decision service_tier --explain
	@echo "== the rule files' own tests"
	@$(BUILD)/crmrules test examples/tutorial

check: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

install: build
	@cmake --install $(BUILD)

clean:
	@rm -rf $(BUILD) build-asan
