# esep: the two commands a new user needs are `make run` and `make test`.
# Both set up the machine (Debian 12 packages) and configure first; `make run` builds only the
# `esep` binary, `make test` builds everything (the binary, the tools and the test suite).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
WERROR ?= OFF
JOBS ?= $(shell nproc)
# `make install`: PREFIX/bin/esep and PREFIX/share/esep/{elections,mappings}; DESTDIR is honoured.
PREFIX ?= /usr/local
# `make test-sanitize`: a Debug build (asserts on) with AddressSanitizer and UBSan, at -O1 so
# the suite runs in minutes rather than tens of minutes; -g1 keeps file:line in the reports.
# Leave WERROR off here: GCC 12's flow warnings misfire on instrumented code (a false
# -Wmaybe-uninitialized inside <regex>); the Release build is the warnings gate.
SANITIZE_DIR ?= build-sanitize
SANITIZE_FLAGS ?= -O1 -g1
# A compiler cache when the machine has one (Debian package ccache, installed by setup.sh): a
# rebuild, or a fresh clone on a machine that built the same sources before, recompiles only
# what changed. BASEDIR makes the cache hit from any clone's path.
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all setup configure build run test install lint format clean layering \
	configure-sanitize test-sanitize web test-web

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(LAUNCHER) \
	  -DESEP_WERROR=$(WERROR) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job: the official 2023 Mäjilis result recomputed from the bundled data. Only the
# binary is built, not the test suite.
run: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target esep
	@$(BUILD_DIR)/esep results data/elections/kz-majilis-2023

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

install: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target esep
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

configure-sanitize: setup
	@cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DESEP_SANITIZE=ON $(LAUNCHER) \
	  -DCMAKE_CXX_FLAGS_DEBUG="$(SANITIZE_FLAGS)" -DESEP_WERROR=$(WERROR) >/dev/null

# Every sanitizer report fails its test: ASan exits non-zero (leaks included), UBSan aborts.
test-sanitize: configure-sanitize
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# clang-tidy over every source file (uses compile_commands.json from the build).
lint: configure
	@scripts/lint.sh $(BUILD_DIR)

# The includes between modules against the dependency table of docs/architecture.md.
layering:
	@scripts/module-graph --check

format:
	@find src tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

# The web application (web/, docs/web.md): the exact packages of web/package-lock.json, built into
# web/dist. `make test-web` runs its unit tests, its browser tests against the mocked API, and
# the whole flows against a real `esep serve` (Debian's chromium; the esep binary is built), and the
# public portal (docs/portal.md, built into web/dist-portal) against nginx over a published snapshot.
web:
	@scripts/setup.sh --web
	@cd web && npm ci --no-audit --no-fund && npm run build && npm run build:portal

test-web: web configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target esep
	@cd web && npm test && npm run test:browser && ESEP_BIN=$(CURDIR)/$(BUILD_DIR)/esep npm run test:server
	@cd web && ESEP_BIN=$(CURDIR)/$(BUILD_DIR)/esep npm run test:portal

clean:
	@rm -rf $(BUILD_DIR) $(SANITIZE_DIR) web/dist web/dist-portal web/node_modules
