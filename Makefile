# esep: the two commands a new user needs are `make run` and `make test`.
# Both set up the machine (Debian 12 packages), configure and build first.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
WERROR ?= OFF
JOBS ?= $(shell nproc)

.PHONY: all setup configure build run test lint format clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DESEP_WERROR=$(WERROR) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job: the official 2023 Mäjilis result recomputed from the bundled data.
run: build
	@$(BUILD_DIR)/esep results data/elections/kz-majilis-2023

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# clang-tidy over every source file (uses compile_commands.json from the build).
lint: configure
	@scripts/lint.sh $(BUILD_DIR)

format:
	@find src -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
