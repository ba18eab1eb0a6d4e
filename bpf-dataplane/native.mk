# Native part of bpf-dataplane, run by Maven (exec-maven-plugin) during `mvn package`.
#   main: src/main/bpf/*.bpf.c -> $(OUT)/bpf/*.bpf.o   (clang -target bpf, BTF kept)
#         src/main/c/*.c       -> $(OUT)/native/linux-x86_64/libupfbpf.so (gcc -lbpf)
#   test: src/test/bpf/*.bpf.c -> $(TEST_OUT)/bpf/*.bpf.o
CLANG ?= clang
CC ?= gcc
ARCH_INCLUDE := /usr/include/$(shell $(CC) -dumpmachine)
# -mcpu=v3: 32-bit ALU and jumps (kernel >= 5.1), so clang does not zero-extend every 32-bit value with a shift pair
# (docs/performance.md, branch dplean: ~20 instructions fewer per UPF packet; the bench's bare program is unchanged).
BPF_CFLAGS := -O2 -g -target bpf -mcpu=v3 -Wall -Werror -I$(SRC)/bpf/include -I$(ARCH_INCLUDE)
JAVA_HOME ?= $(shell dirname $$(dirname $$(readlink -f $$(which javac))))
JNI_CFLAGS := -O2 -g -fPIC -Wall -Wextra -Werror -std=gnu11 \
              -I$(JNI_INCLUDE) -I$(JAVA_HOME)/include -I$(JAVA_HOME)/include/linux \
              $(shell pkg-config --cflags libbpf)
JNI_LDFLAGS := -shared $(shell pkg-config --libs libbpf) -lelf -lz

BPF_SRCS := $(wildcard $(SRC)/bpf/*.bpf.c)
BPF_HDRS := $(wildcard $(SRC)/bpf/include/*.h)
BPF_OBJS := $(patsubst $(SRC)/bpf/%.bpf.c,$(OUT)/bpf/%.bpf.o,$(BPF_SRCS))
JNI_SRCS := $(wildcard $(SRC)/c/*.c)
JNI_HDRS := $(wildcard $(SRC)/c/*.h) $(wildcard $(JNI_INCLUDE)/*.h)
JNI_LIB := $(OUT)/native/linux-x86_64/libupfbpf.so

TEST_BPF_SRCS := $(wildcard $(TEST_SRC)/bpf/*.bpf.c)
TEST_BPF_OBJS := $(patsubst $(TEST_SRC)/bpf/%.bpf.c,$(TEST_OUT)/bpf/%.bpf.o,$(TEST_BPF_SRCS))

.PHONY: main test
main: $(BPF_OBJS) $(if $(JNI_SRCS),$(JNI_LIB))
test: $(TEST_BPF_OBJS)

$(OUT)/bpf/%.bpf.o: $(SRC)/bpf/%.bpf.c $(BPF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(TEST_OUT)/bpf/%.bpf.o: $(TEST_SRC)/bpf/%.bpf.c $(BPF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -I$(TEST_SRC)/bpf -c $< -o $@

$(JNI_LIB): $(JNI_SRCS) $(JNI_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(JNI_CFLAGS) $(JNI_SRCS) -o $@ $(JNI_LDFLAGS)
