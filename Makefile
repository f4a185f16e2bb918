# Two commands do all the set-up on a fresh Debian 12 machine:
#   make run    install what is missing, build, open the workbench on the demo workspace
#   make test   install what is missing, build, run every test (ctest)
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
CTEST_ARGS ?=

# Debian 12 packages the build, the tests and the screenshots need.
DEBIAN_PACKAGES := g++ cmake ninja-build pkg-config \
	qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libgl-dev \
	libeigen3-dev libsqlite3-dev libboost-graph-dev libgtest-dev libgmock-dev libssl-dev libbenchmark-dev \
	sqlite3 xvfb xauth fonts-dejavu-core

.PHONY: run test deps build configure screenshot bench clean

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: rendering the workbench under Xvfb to $(BUILD_DIR)/microseg.png instead."; \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(BUILD_DIR)/app/microseg --screenshot $(BUILD_DIR)/microseg.png; \
	else \
	  $(BUILD_DIR)/app/microseg; \
	fi

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# apt-get runs only for packages that are missing, and only then refreshes the package lists.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y --no-install-recommends $$missing; \
	fi

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE); \
	fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Renders every workflow page of the demo workspace to docs/screenshots/.
screenshot: build
	mkdir -p docs/screenshots
	xvfb-run -a -s "-screen 0 1280x800x24" $(BUILD_DIR)/app/microseg --screenshot docs/screenshots/data.png --page data --select UnitPrice
	xvfb-run -a -s "-screen 0 1280x800x24" $(BUILD_DIR)/app/microseg --screenshot docs/screenshots/cluster.png --page cluster
	xvfb-run -a -s "-screen 0 1280x800x24" $(BUILD_DIR)/app/microseg --screenshot docs/screenshots/cluster-profile.png --page cluster --select profile
	xvfb-run -a -s "-screen 0 1280x800x24" $(BUILD_DIR)/app/microseg --screenshot docs/screenshots/map.png --page map

# Import benchmark against the sqlite3 shell (see docs/benchmarks.md).
bench: build
	bench/import_vs_sqlite3.sh $(BUILD_DIR)/app/microseg-cli

clean:
	rm -rf $(BUILD_DIR)
