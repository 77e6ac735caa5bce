# robotrader: the two Quick start commands and the checks CI runs.
#   make demo   install dependencies, build, then one simulated trading day (robotrader run --sim) and its report
#   make test   install dependencies, build, run every test
SHELL := /bin/bash
BUILD ?= build/release
ASAN_BUILD ?= build/asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=
export CCACHE_DIR ?= $(HOME)/.cache/ccache

.PHONY: all deps build test test-unit test-asan fuzz-smoke bench demo package format tidy clean

all: build

deps:
	@./scripts/install-deps.sh

# -O2 without debug info: debug info costs about 40 % of the compile time of the Asio-heavy files.
$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	./scripts/interop-setup.sh
	ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure $(CTEST_FLAGS)

# The Debian package (binary, example config, systemd unit, docs) in $(BUILD)/package/.
package: build
	cd $(BUILD) && cpack -G DEB

test-unit: build
	ctest --test-dir $(BUILD) -j $(JOBS) -L unit --output-on-failure

# AddressSanitizer + UBSan build of the unit and integration suites below: the codec, the client
# session, pacing, market data, the connection manager and its fault matrix, the emulator, the
# broker bridge and the SIGKILL crash test, the domain (trading, risk, portfolio, backtest), the
# store, the runner's configuration and the doctor. The fuzz smoke run covers the decoders under
# ASan and UBSan as well.
ASAN_TESTS ?= core_tests portfolio_tests store_tests diag_tests diag_integration_tests \
  tws_wire_tests tws_codec_tests client_integration_tests pacing_tests trading_tests risk_tests \
  backtest_tests gateway_unit_tests gateway_market_unit_tests gateway_server_tests broker_unit_tests \
  broker_integration_tests marketdata_unit_tests marketdata_client_tests ib_unit_tests ib_connection_tests \
  ib_fault_matrix_tests marketdata_emulator_tests broker_crash_tests gateway_broker_tests trading_desk_tests \
  gateway_orders_tests runner_config_tests

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRT_SANITIZE=ON -DRT_BUILD_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target $(ASAN_TESTS)
	set -e; for t in $(ASAN_TESTS); do \
	  exe=$$(find $(ASAN_BUILD)/tests -type f -name $$t | head -n1); \
	  echo "== $$t (ASan+UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $$exe --gtest_brief=1; \
	done

fuzz-smoke: deps
	./scripts/fuzz-smoke.sh $${FUZZ_SECONDS:-20}

bench: deps
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build build/bench -j $(JOBS)
	./scripts/run-benchmarks.sh build/bench

demo: build
	./scripts/demo.sh $(BUILD)/src/apps/robotrader

format:
	find src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: $(BUILD)/build.ninja
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf build
