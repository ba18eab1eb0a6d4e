/* BPF objects: open from memory, load, enumerate maps/programs, declared map definitions, BTF layouts. */
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "upfbpf.h"

/* libbpf may read the ELF image after open, so the object owns a copy for its whole life. */
struct upf_object {
	struct bpf_object *obj;
	void *elf;
};

static struct bpf_object *object(jlong handle)
{
	return ((struct upf_object *)PTR(handle))->obj;
}

/* kconfig (may be NULL): "CONFIG_X=value" lines for the object's __kconfig externs. When they cover every CONFIG_
 * extern, libbpf 1.1 does not read the system's configuration (bpf_object__resolve_externs), which most distribution
 * kernels do not offer to a container (no /proc/config.gz, no /boot); it copies the text at open. */
JNIEXPORT jlong JNICALL Java_org_upf_bpf_Native_objectOpen(JNIEnv *env, jclass cls, jstring name, jbyteArray elf,
							   jstring kconfig)
{
	UNUSED(cls);
	jsize len = (*env)->GetArrayLength(env, elf);
	struct upf_object *o = calloc(1, sizeof(*o));
	char *obj_name = dup_jstring(env, name);
	char *kconfig_text = dup_jstring(env, kconfig);
	jlong ret = -ENOMEM;

	if (!o || !obj_name || (kconfig && !kconfig_text) || !(o->elf = malloc(len)))
		goto fail;
	(*env)->GetByteArrayRegion(env, elf, 0, len, o->elf);
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = obj_name, .kconfig = kconfig_text);
	o->obj = bpf_object__open_mem(o->elf, len, &opts);
	if (!o->obj) {
		ret = -errno;
		goto fail;
	}
	free(obj_name);
	free(kconfig_text);
	return HANDLE(o);
fail:
	free(obj_name);
	free(kconfig_text);
	if (o)
		free(o->elf);
	free(o);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_objectLoad(JNIEnv *env, jclass cls, jlong obj)
{
	UNUSED(env);
	UNUSED(cls);
	return bpf_object__load(object(obj));
}

JNIEXPORT void JNICALL Java_org_upf_bpf_Native_objectClose(JNIEnv *env, jclass cls, jlong handle)
{
	UNUSED(env);
	UNUSED(cls);
	struct upf_object *o = PTR(handle);
	bpf_object__close(o->obj);
	free(o->elf);
	free(o);
}

static jobjectArray string_array(JNIEnv *env, const char **names, int n)
{
	jclass string = (*env)->FindClass(env, "java/lang/String");
	jobjectArray arr = string ? (*env)->NewObjectArray(env, n, string, NULL) : NULL;
	for (int i = 0; arr && i < n; i++) {
		jstring s = (*env)->NewStringUTF(env, names[i]);
		if (!s)
			return NULL;
		(*env)->SetObjectArrayElement(env, arr, i, s);
		(*env)->DeleteLocalRef(env, s);
	}
	return arr;
}

/* Maps and programs are looked up the same way; only the libbpf accessors differ. */
enum object_part { MAPS, PROGRAMS };

static const char *part_name(enum object_part part, void *p)
{
	return part == MAPS ? bpf_map__name(p) : bpf_program__name(p);
}

static void *part_next(enum object_part part, struct bpf_object *obj, void *prev)
{
	return part == MAPS ? (void *)bpf_object__next_map(obj, prev) : (void *)bpf_object__next_program(obj, prev);
}

static jobjectArray part_names(JNIEnv *env, jlong obj, enum object_part part)
{
	const char *names[1024];
	int n = 0;
	for (void *p = part_next(part, object(obj), NULL); p && n < 1024; p = part_next(part, object(obj), p))
		names[n++] = part_name(part, p);
	return string_array(env, names, n);
}

static jlong part_by_name(JNIEnv *env, jlong obj, jstring name, enum object_part part)
{
	const char *n = (*env)->GetStringUTFChars(env, name, NULL);
	if (!n)
		return 0;
	void *found = part == MAPS ? (void *)bpf_object__find_map_by_name(object(obj), n) :
				     (void *)bpf_object__find_program_by_name(object(obj), n);
	(*env)->ReleaseStringUTFChars(env, name, n);
	return HANDLE(found);
}

JNIEXPORT jobjectArray JNICALL Java_org_upf_bpf_Native_objectMapNames(JNIEnv *env, jclass cls, jlong obj)
{
	UNUSED(cls);
	return part_names(env, obj, MAPS);
}

JNIEXPORT jobjectArray JNICALL Java_org_upf_bpf_Native_objectProgramNames(JNIEnv *env, jclass cls, jlong obj)
{
	UNUSED(cls);
	return part_names(env, obj, PROGRAMS);
}

JNIEXPORT jlong JNICALL Java_org_upf_bpf_Native_objectMap(JNIEnv *env, jclass cls, jlong obj, jstring name)
{
	UNUSED(cls);
	return part_by_name(env, obj, name, MAPS);
}

JNIEXPORT jlong JNICALL Java_org_upf_bpf_Native_objectProgram(JNIEnv *env, jclass cls, jlong obj, jstring name)
{
	UNUSED(cls);
	return part_by_name(env, obj, name, PROGRAMS);
}

/* ---- struct layouts from BTF ---- */

struct layout {
	jint *nums; /* offset, size pairs */
	const char **names;
	int n, cap;
};

static int layout_add(struct layout *l, const char *name, jint off, jint size)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		jint *nums = realloc(l->nums, sizeof(*nums) * 2 * cap);
		if (!nums)
			return -ENOMEM;
		l->nums = nums;
		const char **names = realloc(l->names, sizeof(*names) * cap);
		if (!names)
			return -ENOMEM;
		l->names = names;
		l->cap = cap;
	}
	l->nums[2 * l->n] = off;
	l->nums[2 * l->n + 1] = size;
	l->names[l->n++] = name;
	return 0;
}

/* Members of a struct/union; anonymous struct/union members are flattened into their parent. */
static int layout_members(const struct btf *btf, const struct btf_type *t, jint base, struct layout *l)
{
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		jint off = base + (jint)(btf_member_bit_offset(t, i) / 8);
		__s64 size = btf__resolve_size(btf, m->type);
		if (size < 0)
			return (int)size;
		int err;
		if (name && *name) {
			err = layout_add(l, name, off, (jint)size);
		} else {
			const struct btf_type *anon = btf__type_by_id(btf, btf__resolve_type(btf, m->type));
			err = anon && (btf_is_struct(anon) || btf_is_union(anon)) ?
				      layout_members(btf, anon, off, l) : -EINVAL;
		}
		if (err)
			return err;
	}
	return 0;
}

/* Variables of a data section (.rodata, .data, .bss): the globals a program is configured with. */
static int layout_vars(const struct btf *btf, const struct btf_type *t, struct layout *l)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	for (int i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);
		int err = layout_add(l, btf__name_by_offset(btf, var->name_off), (jint)v->offset, (jint)v->size);
		if (err)
			return err;
	}
	return 0;
}

JNIEXPORT jobjectArray JNICALL Java_org_upf_bpf_Native_structLayout(JNIEnv *env, jclass cls, jlong obj,
								     jstring name)
{
	UNUSED(cls);
	struct btf *btf = bpf_object__btf(object(obj));
	const char *n = (*env)->GetStringUTFChars(env, name, NULL);
	if (!btf || !n) {
		if (n)
			(*env)->ReleaseStringUTFChars(env, name, n);
		return NULL;
	}
	__s32 id = btf__find_by_name_kind(btf, n, BTF_KIND_STRUCT);
	if (id < 0)
		id = btf__find_by_name_kind(btf, n, BTF_KIND_DATASEC);
	(*env)->ReleaseStringUTFChars(env, name, n);
	if (id < 0)
		return NULL;

	const struct btf_type *t = btf__type_by_id(btf, id);
	struct layout l = { 0 };
	jobjectArray result = NULL;
	if (layout_add(&l, "", 0, (jint)t->size) ||
	    (btf_is_datasec(t) ? layout_vars(btf, t, &l) : layout_members(btf, t, 0, &l)))
		goto out;

	jintArray nums = (*env)->NewIntArray(env, 2 * l.n);
	jobjectArray names = nums ? string_array(env, l.names, l.n) : NULL;
	jclass object_class = (*env)->FindClass(env, "java/lang/Object");
	if (!names || !object_class)
		goto out;
	(*env)->SetIntArrayRegion(env, nums, 0, 2 * l.n, l.nums);
	result = (*env)->NewObjectArray(env, 2, object_class, NULL);
	if (result) {
		(*env)->SetObjectArrayElement(env, result, 0, nums);
		(*env)->SetObjectArrayElement(env, result, 1, names);
	}
out:
	free(l.nums);
	free(l.names);
	return result;
}

/* ---- object maps and programs (struct bpf_map / bpf_program handles) ---- */

JNIEXPORT void JNICALL Java_org_upf_bpf_Native_mapDefinition(JNIEnv *env, jclass cls, jlong handle,
							      jintArray out)
{
	UNUSED(cls);
	const struct bpf_map *map = PTR(handle);
	jint def[] = { bpf_map__type(map), bpf_map__key_size(map), bpf_map__value_size(map),
		       bpf_map__max_entries(map), bpf_map__map_flags(map) };
	(*env)->SetIntArrayRegion(env, out, 0, 5, def);
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapSetMaxEntries(JNIEnv *env, jclass cls, jlong map, jint n)
{
	UNUSED(env);
	UNUSED(cls);
	return bpf_map__set_max_entries(PTR(map), n);
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapSetInitialValue(JNIEnv *env, jclass cls, jlong map,
								    jbyteArray value)
{
	UNUSED(cls);
	jsize len = (*env)->GetArrayLength(env, value);
	jbyte *data = (*env)->GetByteArrayElements(env, value, NULL);
	if (!data)
		return -ENOMEM;
	int ret = bpf_map__set_initial_value(PTR(map), data, (size_t)len);
	(*env)->ReleaseByteArrayElements(env, value, data, JNI_ABORT);
	return ret;
}

JNIEXPORT jstring JNICALL Java_org_upf_bpf_Native_mapPinPath(JNIEnv *env, jclass cls, jlong map)
{
	UNUSED(cls);
	const char *path = bpf_map__pin_path(PTR(map));
	return path ? (*env)->NewStringUTF(env, path) : NULL;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapSetPinPath(JNIEnv *env, jclass cls, jlong map, jstring path)
{
	UNUSED(cls);
	char *p = dup_jstring(env, path);
	if (path && !p)
		return -ENOMEM;
	int ret = bpf_map__set_pin_path(PTR(map), p);
	free(p);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapReuseFd(JNIEnv *env, jclass cls, jlong map, jint fd)
{
	UNUSED(env);
	UNUSED(cls);
	return bpf_map__reuse_fd(PTR(map), fd);
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapPin(JNIEnv *env, jclass cls, jlong map, jstring path)
{
	UNUSED(cls);
	char *p = dup_jstring(env, path);
	if (!p)
		return -ENOMEM;
	int ret = bpf_map__pin(PTR(map), p);
	free(p);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapFd(JNIEnv *env, jclass cls, jlong map)
{
	UNUSED(env);
	UNUSED(cls);
	return bpf_map__fd(PTR(map));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_programFd(JNIEnv *env, jclass cls, jlong prog)
{
	UNUSED(env);
	UNUSED(cls);
	return bpf_program__fd(PTR(prog));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_programType(JNIEnv *env, jclass cls, jlong prog)
{
	UNUSED(env);
	UNUSED(cls);
	return bpf_program__type(PTR(prog));
}
