/* libbpf's log lines and errno names for the Java side (org.upf.bpf.LibbpfLog). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "upfbpf.h"

static JavaVM *jvm;
static jclass log_class;
static jmethodID log_method;

/* Forwards every libbpf message (including the verifier log of a rejected program) to Java. */
static int print_to_java(enum libbpf_print_level level, const char *fmt, va_list args)
{
	JNIEnv *env;
	char *msg;

	if (vasprintf(&msg, fmt, args) < 0)
		return 0;
	if (!jvm || (*jvm)->GetEnv(jvm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
		/* Not a Java thread: nowhere else to put it. */
		fputs(msg, stderr);
	} else {
		jstring line = (*env)->NewStringUTF(env, msg);
		if (line) {
			(*env)->CallStaticVoidMethod(env, log_class, log_method, (jint)level, line);
			(*env)->DeleteLocalRef(env, line);
		}
		if ((*env)->ExceptionCheck(env))
			(*env)->ExceptionClear(env);
	}
	free(msg);
	return 0;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
	JNIEnv *env;
	UNUSED(reserved);

	if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
		return JNI_ERR;
	jclass cls = (*env)->FindClass(env, "org/upf/bpf/LibbpfLog");
	if (!cls)
		return JNI_ERR;
	log_class = (*env)->NewGlobalRef(env, cls);
	log_method = (*env)->GetStaticMethodID(env, cls, "print", "(ILjava/lang/String;)V");
	if (!log_class || !log_method)
		return JNI_ERR;
	jvm = vm;
	libbpf_set_print(print_to_java);
	return JNI_VERSION_1_8;
}

char *dup_jstring(JNIEnv *env, jstring s)
{
	if (!s)
		return NULL;
	const char *utf = (*env)->GetStringUTFChars(env, s, NULL);
	if (!utf)
		return NULL;
	char *copy = strdup(utf);
	(*env)->ReleaseStringUTFChars(env, s, utf);
	return copy;
}

JNIEXPORT jstring JNICALL Java_org_upf_bpf_Native_errnoName(JNIEnv *env, jclass cls, jint err)
{
	UNUSED(cls);
	const char *name = strerrorname_np(err);
	return name ? (*env)->NewStringUTF(env, name) : NULL;
}

JNIEXPORT jstring JNICALL Java_org_upf_bpf_Native_strerror(JNIEnv *env, jclass cls, jint err)
{
	UNUSED(cls);
	char buf[128];
	return (*env)->NewStringUTF(env, strerror_r(err, buf, sizeof(buf)));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_possibleCpus(JNIEnv *env, jclass cls)
{
	UNUSED(env);
	UNUSED(cls);
	return libbpf_num_possible_cpus();
}

JNIEXPORT void JNICALL Java_org_upf_bpf_Native_closeFd(JNIEnv *env, jclass cls, jint fd)
{
	UNUSED(env);
	UNUSED(cls);
	if (fd >= 0)
		close(fd);
}
