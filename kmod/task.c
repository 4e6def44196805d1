// SPDX-License-Identifier: GPL-2.0
/*
 * memshare: the address space of another process, with the check
 * /proc/PID/pagemap makes.
 *
 * Reading another process's page tables needs what reading its
 * /proc/PID/pagemap needs: ptrace read access with the opener's
 * credentials (PTRACE_MODE_READ_FSCREDS), with the LSMs' say.  The
 * kernel's functions for that, ptrace_may_access() and mm_access(), are
 * not exported to modules.  So the check is delegated to procfs itself:
 * opening /proc/PID/pagemap runs exactly pagemap's check (proc_mem_open(),
 * mm_access()) in the caller's context, and its result is ours:
 *
 *  - the task and its mm are taken first (find_get_pid() resolves @pid in
 *    the caller's pid namespace, as the caller means it);
 *  - the file opened must be on a procfs of the caller's own pid namespace,
 *    else "PID" there could name another process;
 *  - after the open, the pid must still name the same task (not reused)
 *    and the task must still have the same mm (not exec'ed during the
 *    check: the mm checked would not be the one we hold).
 *
 * The file is closed at once: only the check is wanted.  A caller without
 * /proc in its root (chroot) cannot name other processes (-ESRCH).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "memshare.h"

/* Open /proc/@pid/pagemap as the caller: pagemap's own access check. */
static int ms_task_check_access(pid_t pid)
{
	char path[32];
	struct file *f;
	struct super_block *sb;
	int err = 0;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		err = PTR_ERR(f);
		if (err == -EACCES || err == -EPERM)
			return -EPERM;
		if (err == -ENOENT || err == -ESRCH)
			return -ESRCH;
		return err;
	}
	sb = file_inode(f)->i_sb;
	if (sb->s_magic != PROC_SUPER_MAGIC ||
	    proc_sb_info(sb)->pid_ns != task_active_pid_ns(current))
		err = -EPERM;
	filp_close(f, NULL);
	return err;
}

static struct mm_struct *ms_task_mm_other(struct pid *pid_s, pid_t nr,
					  struct task_struct *task)
{
	struct mm_struct *mm, *now;
	bool same_task;
	int err;

	mm = get_task_mm(task);
	if (!mm)
		return ERR_PTR(-ESRCH);

	err = ms_task_check_access(nr);
	if (err)
		goto fail;

	rcu_read_lock();
	same_task = pid_task(pid_s, PIDTYPE_PID) == task;
	rcu_read_unlock();
	if (!same_task) {
		err = -ESRCH;
		goto fail;
	}
	now = get_task_mm(task);
	if (now != mm) {
		/* Exited meanwhile: gone. Exec'ed: not the mm that was checked. */
		err = now ? -EAGAIN : -ESRCH;
		if (now)
			mmput(now);
		goto fail;
	}
	mmput(now);
	return mm;

fail:
	mmput(mm);
	return ERR_PTR(err);
}

struct mm_struct *ms_task_mm(pid_t pid)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid_s;

	if (pid < 0)
		return ERR_PTR(-EINVAL);
	if (pid == 0)
		goto self;

	pid_s = find_get_pid(pid);
	if (!pid_s)
		return ERR_PTR(-ESRCH);
	task = get_pid_task(pid_s, PIDTYPE_PID);
	if (!task) {
		put_pid(pid_s);
		return ERR_PTR(-ESRCH);
	}
	if (same_thread_group(task, current)) {
		put_task_struct(task);
		put_pid(pid_s);
		goto self;
	}
	mm = ms_task_mm_other(pid_s, pid, task);
	put_task_struct(task);
	put_pid(pid_s);
	return mm;

self:
	mm = get_task_mm(current);
	return mm ? mm : ERR_PTR(-ESRCH);
}
