/*
** Power-loss tests of the SQLite store, in the manner of SQLite's own crash tests (its test6.c
** "crash" VFS). A SIGKILL (test/e2e/crash.sh) loses only the process: what it wrote is in the
** kernel's page cache and reaches the disk anyway. A power cut loses every write that was not
** synced, and may keep some of them, in any order, and tear others.
**
** The "power" VFS below wraps the default unix VFS and is registered as the default, so that
** luoshi's store opens its files through it unchanged. Every write, truncation and sync of a
** named file is an event; writes and truncations go to the real file (the page cache: reads
** see them), and each file's durable image (its bytes as of its last sync) is kept in memory,
** with the writes made since. Syncs update the image and never reach the real disk (the disk is
** the image). Before the k-th event of a run the power goes off: that event and every later
** write, sync and delete fail, so nothing more reaches the disk and the store's call fails
** (a backup or restore, which also renames and fsyncs outside SQLite, runs in a child process
** that ends on the spot instead, as a machine does). Then every tracked file is rewritten as
** the disk would hold it: its durable image alone (POWER_DISCARD), or with a random subset of
** the unsynced writes, each applied whole, dropped, or torn in 512-byte pieces that are new,
** old or garbage (POWER_SCRAMBLE); the -shm files are removed. Writes only tear within their
** own bytes, since SQLite's unix VFS claims powersafe overwrite. Deleting a file through the
** VFS, and renames and fsyncs made outside it, count as durable at once.
**
** Then the test opens the store again and asserts what an operator is promised: the store
** opens, PRAGMA integrity_check is ok, the audit chain verifies, and the ledger is exactly what
** it was after some prefix of the calls: every call acknowledged before the cut is there, the
** call the cut interrupted is there whole or not at all, nothing else. The workload is luoshi's
** own store calls (reports filed, submitted and accepted, items assigned and edited,
** milestones), each its own transaction with its audit entry. The cuts are at every event of a
** run, with fixed seeds, so a failure names its cut and replays. With synchronous=NORMAL the
** test shows the loss of acknowledged transactions that synchronous=FULL (the store's setting)
** prevents; migrations, backups and restores are cut too.
*/
#include "../harness.h"

#include "base/buf.h"
#include "base/mem.h"
#include "store/store_internal.h"

#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the power VFS -------------------------------------------------------------------------- */

/* How the disk holds the unsynced writes when the power goes off. */
typedef enum PowerMode {
  POWER_DISCARD = 0,   /* every unsynced write is lost */
  POWER_SCRAMBLE = 1,  /* each is kept, lost, or torn into new, old and garbage pieces */
} PowerMode;

#define POWER_PIECE_BYTES 512  /* the unit a torn write is made of */

/* A write (or truncation) made since the file's last sync. */
typedef struct PowerWrite {
  sqlite3_int64 offset;      /* where it starts; for a truncation, the new size */
  int nByte;                 /* its length; -1 for a truncation */
  unsigned char *a;          /* its bytes (NULL for a truncation) */
} PowerWrite;

/* A named file the VFS has opened since the last power_reset: its durable image and the writes
** made since its last sync, oldest first. Handles of one path share it. */
typedef struct PowerTrack {
  char *zPath;               /* the name SQLite opened it by */
  unsigned char *aDurable;   /* its bytes as of its last sync */
  sqlite3_int64 nDurable;    /* their length */
  PowerWrite *aWrite;        /* the unsynced writes, oldest first */
  int nWrite, nWriteAlloc;
  int bDeleted;              /* removed through the VFS: not rewritten at a cut */
  struct PowerTrack *pNext;
} PowerTrack;

/* An open file: the wrapped unix file follows this struct in the same allocation. */
typedef struct PowerFile {
  sqlite3_file base;         /* must be first */
  PowerTrack *pTrack;        /* NULL for a temporary file (never durable, never counted) */
  sqlite3_file *pReal;       /* the unix VFS's file */
} PowerFile;

/* The VFS's state. One test process uses it at a time (the harness forks each test). */
static struct {
  sqlite3_vfs vfs;           /* the power VFS: the unix VFS's methods, xOpen and xDelete ours */
  sqlite3_vfs *pReal;        /* the unix VFS */
  PowerTrack *pTracks;       /* every file opened since the last power_reset */
  long long nEvent;          /* events since power_arm */
  int bArmed;                /* power_arm was called: events count (and may cut) */
  long long cutAt;           /* in power_run: the power goes off before event cutAt ... */
  PowerMode mode;            /* ... and the disk then holds this */
  int bChild;                /* ... in a child process, which the cut ends */
  int bOff;                  /* the power is off: writes, syncs and deletes fail */
} power;

static void power_disk_after_cut(void);

/* Apply write w to t's durable image, with the bytes a (w's own, or torn ones). */
static void track_write_apply(PowerTrack *t, const PowerWrite *w, const unsigned char *a) {
  if (w->nByte < 0) {
    if (w->offset < t->nDurable) t->nDurable = w->offset;
    return;
  }
  sqlite3_int64 nEnd = w->offset + w->nByte;
  if (nEnd > t->nDurable) {
    t->aDurable = xrealloc(t->aDurable, (size_t)nEnd);
    memset(t->aDurable + t->nDurable, 0, (size_t)(nEnd - t->nDurable));
    t->nDurable = nEnd;
  }
  memcpy(t->aDurable + w->offset, a, (size_t)w->nByte);
}

static void track_writes_free(PowerTrack *t) {
  for (int i = 0; i < t->nWrite; i++) free(t->aWrite[i].a);
  t->nWrite = 0;
}

/* Record an unsynced write of nByte bytes at p (nByte -1: a truncation to offset). */
static void track_write_add(PowerTrack *t, sqlite3_int64 offset, int nByte, const void *p) {
  if (t->nWrite == t->nWriteAlloc) {
    t->nWriteAlloc = t->nWriteAlloc ? 2 * t->nWriteAlloc : 16;
    t->aWrite = xrealloc(t->aWrite, (size_t)t->nWriteAlloc * sizeof *t->aWrite);
  }
  PowerWrite *w = &t->aWrite[t->nWrite++];
  w->offset = offset;
  w->nByte = nByte;
  w->a = NULL;
  if (nByte >= 0) {
    w->a = xmalloc((size_t)nByte + 1);
    memcpy(w->a, p, (size_t)nByte);
  }
}

/* The file's whole content on the real disk, as its durable image (empty when it is missing). */
static void track_read_real(PowerTrack *t) {
  Buf b = BUF_INIT;
  free(t->aDurable);
  t->aDurable = NULL;
  t->nDurable = 0;
  if (buf_read_file(&b, t->zPath, (size_t)1 << 30) == 0 && b.n) {
    t->nDurable = (sqlite3_int64)b.n;
    t->aDurable = xmalloc(b.n);
    memcpy(t->aDurable, b.a, b.n);
  }
  buf_free(&b);
}

/* The live track of zPath, made (its durable image read from the disk) when there is none. */
static PowerTrack *track_get(const char *zPath) {
  for (PowerTrack *t = power.pTracks; t; t = t->pNext) {
    if (!t->bDeleted && strcmp(t->zPath, zPath) == 0) return t;
  }
  PowerTrack *t = xcalloc(1, sizeof *t);
  t->zPath = xstrdup(zPath);
  track_read_real(t);
  t->pNext = power.pTracks;
  power.pTracks = t;
  return t;
}

/* Count one event: 1 when the power is off (or goes off now) and the event must fail. In a
** child of power_run the cut ends the process instead. */
static int power_event(void) {
  if (power.bOff) return 1;
  if (!power.bArmed || ++power.nEvent != power.cutAt) return 0;
  if (power.bChild) {
    power_disk_after_cut();
    _exit(0);
  }
  power.bOff = 1;
  return 1;
}

#define REAL(f) (((PowerFile *)(f))->pReal)
#define TRACK(f) (((PowerFile *)(f))->pTrack)

/* The file methods: the unix VFS's, with writes, truncations and syncs of tracked files
** counted as events and recorded. */
static int pf_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int pf_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off) {
  return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int pf_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off) {
  if (TRACK(f)) {
    if (power_event()) return SQLITE_IOERR_WRITE;
    track_write_add(TRACK(f), off, n, p);
  }
  return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int pf_truncate(sqlite3_file *f, sqlite3_int64 size) {
  if (TRACK(f)) {
    if (power_event()) return SQLITE_IOERR_TRUNCATE;
    track_write_add(TRACK(f), size, -1, NULL);
  }
  return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
/* A sync makes the file's writes durable; the real disk is not asked (the image is the disk). */
static int pf_sync(sqlite3_file *f, int flags) {
  PowerTrack *t = TRACK(f);
  if (!t) return SQLITE_OK;
  if (power_event()) return SQLITE_IOERR_FSYNC;
  for (int i = 0; i < t->nWrite; i++) track_write_apply(t, &t->aWrite[i], t->aWrite[i].a);
  track_writes_free(t);
  return SQLITE_OK;
}
static int pf_file_size(sqlite3_file *f, sqlite3_int64 *p) {
  return REAL(f)->pMethods->xFileSize(REAL(f), p);
}
static int pf_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int pf_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int pf_check_lock(sqlite3_file *f, int *p) {
  return REAL(f)->pMethods->xCheckReservedLock(REAL(f), p);
}
static int pf_file_control(sqlite3_file *f, int op, void *p) {
  return REAL(f)->pMethods->xFileControl(REAL(f), op, p);
}
static int pf_sector_size(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int pf_device(sqlite3_file *f) {
  return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int pf_shm_map(sqlite3_file *f, int i, int n, int b, void volatile **pp) {
  return REAL(f)->pMethods->xShmMap(REAL(f), i, n, b, pp);
}
static int pf_shm_lock(sqlite3_file *f, int o, int n, int fl) {
  return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl);
}
static void pf_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int pf_shm_unmap(sqlite3_file *f, int bDelete) {
  return REAL(f)->pMethods->xShmUnmap(REAL(f), bDelete);
}
/* No memory-mapped reads: every byte read comes through xRead. */
static int pf_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp) {
  *pp = NULL;
  return SQLITE_OK;
}
static int pf_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) { return SQLITE_OK; }

static const sqlite3_io_methods powerMethods = {
    .iVersion = 3,
    .xClose = pf_close,
    .xRead = pf_read,
    .xWrite = pf_write,
    .xTruncate = pf_truncate,
    .xSync = pf_sync,
    .xFileSize = pf_file_size,
    .xLock = pf_lock,
    .xUnlock = pf_unlock,
    .xCheckReservedLock = pf_check_lock,
    .xFileControl = pf_file_control,
    .xSectorSize = pf_sector_size,
    .xDeviceCharacteristics = pf_device,
    .xShmMap = pf_shm_map,
    .xShmLock = pf_shm_lock,
    .xShmBarrier = pf_shm_barrier,
    .xShmUnmap = pf_shm_unmap,
    .xFetch = pf_fetch,
    .xUnfetch = pf_unfetch,
};

/* Open through the unix VFS; a named file that outlives its handle is tracked. */

static int power_open(sqlite3_vfs *v, const char *zName, sqlite3_file *f, int flags,
                      int *pOutFlags) {
  PowerFile *pf = (PowerFile *)f;
  memset(pf, 0, sizeof *pf);
  pf->pReal = (sqlite3_file *)(pf + 1);
  int rc = power.pReal->xOpen(power.pReal, zName, pf->pReal, flags, pOutFlags);
  if (rc != SQLITE_OK) {
    pf->base.pMethods = NULL;
    return rc;
  }
  if (zName && !(flags & SQLITE_OPEN_DELETEONCLOSE)) pf->pTrack = track_get(zName);
  pf->base.pMethods = &powerMethods;
  return SQLITE_OK;
}

/* Delete through the unix VFS (durable at once); refused while the power is off. */
static int power_delete(sqlite3_vfs *v, const char *zName, int bSyncDir) {
  if (power.bOff) return SQLITE_IOERR_DELETE;
  for (PowerTrack *t = power.pTracks; t; t = t->pNext) {
    if (!t->bDeleted && strcmp(t->zPath, zName) == 0) t->bDeleted = 1;
  }
  return power.pReal->xDelete(power.pReal, zName, bSyncDir);
}

/* Register the power VFS as SQLite's default (once per process), with the power on. */
static void power_install(void) {
  if (power.pReal) return;
  power.pReal = sqlite3_vfs_find("unix");
  CHECK(power.pReal != NULL);
  power.vfs = *power.pReal;
  power.vfs.zName = "power";
  power.vfs.pNext = NULL;
  power.vfs.szOsFile = (int)sizeof(PowerFile) + power.pReal->szOsFile;
  power.vfs.xOpen = power_open;
  power.vfs.xDelete = power_delete;
  CHECK_INT_EQ(sqlite3_vfs_register(&power.vfs, 1), SQLITE_OK);
}

/* Forget every tracked file: what is on the disk now is durable. No file may be open through
** the VFS. */
static void power_reset(void) {
  while (power.pTracks) {
    PowerTrack *t = power.pTracks;
    power.pTracks = t->pNext;
    track_writes_free(t);
    free(t->aWrite);
    free(t->aDurable);
    free(t->zPath);
    free(t);
  }
  power.nEvent = 0;
  power.bArmed = 0;
}

/* Count events from here: the cut of power_run is before the cutAt-th event after this (none
** is counted or cut before). */
static void power_arm(void) {
  power.nEvent = 0;
  power.bArmed = 1;
}

/* A small reproducible generator (xorshift64*), seeded per cut. */
static uint64_t rand_next(uint64_t *pState) {
  uint64_t x = *pState;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *pState = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* Write n bytes at p over the file zPath (created or emptied first). */
static void disk_write(const char *zPath, const unsigned char *p, sqlite3_int64 n) {
  int fd = open(zPath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0);
  sqlite3_int64 nDone = 0;
  while (nDone < n) {
    ssize_t k = write(fd, p + nDone, (size_t)(n - nDone));
    CHECK(k > 0);
    nDone += k;
  }
  close(fd);
}

/* Apply unsynced write w to t's image the way a torn write lands: each piece new, old or
** garbage. */
static void track_write_tear(PowerTrack *t, const PowerWrite *w, uint64_t *pRand) {
  unsigned char *a = xmalloc((size_t)w->nByte + 1);
  for (int i = 0; i < w->nByte;) {
    sqlite3_int64 at = w->offset + i;
    int n = POWER_PIECE_BYTES - (int)(at % POWER_PIECE_BYTES);
    if (n > w->nByte - i) n = w->nByte - i;
    unsigned fate = (unsigned)(rand_next(pRand) % 3);
    for (int k = 0; k < n; k++) {
      if (fate == 0) a[i + k] = w->a[i + k];
      else if (fate == 1) a[i + k] = at + k < t->nDurable ? t->aDurable[at + k] : 0;
      else a[i + k] = (unsigned char)rand_next(pRand);
    }
    i += n;
  }
  track_write_apply(t, w, a);
  free(a);
}

/* The power went off: put on the real disk what a disk would hold, by power.mode (seeded by the
** cut's event), for every tracked file still there, and remove the files' -shm (shared memory,
** rebuilt on open). Under POWER_SCRAMBLE each unsynced write lands whole with a chance of 50,
** 90 or 98 in 100 (by the seed), else is lost or torn, half and half. */
static void power_disk_after_cut(void) {
  static const unsigned aKeepPercent[] = {50, 90, 98};
  uint64_t seed = (uint64_t)power.cutAt;
  unsigned keep = aKeepPercent[seed % 3];
  uint64_t r = seed * 2654435761u + 1;
  PowerMode mode = power.mode;
  for (PowerTrack *t = power.pTracks; t; t = t->pNext) {
    if (t->bDeleted || access(t->zPath, F_OK) != 0) continue;
    for (int i = 0; mode == POWER_SCRAMBLE && i < t->nWrite; i++) {
      const PowerWrite *w = &t->aWrite[i];
      unsigned fate = (unsigned)(rand_next(&r) % 200);
      if (fate < 2 * keep) {
        track_write_apply(t, w, w->a);
      } else if (w->nByte >= 0 && fate % 2) {
        track_write_tear(t, w, &r);
      }  /* else lost */
    }
    track_writes_free(t);
    disk_write(t->zPath, t->aDurable, t->nDurable);
    char zShm[4200];
    snprintf(zShm, sizeof zShm, "%s-shm", t->zPath);
    unlink(zShm);  /* only a database has one */
  }
}

/* What a run under power_run records (in memory shared with a child process). */
typedef struct Run {
  int nAcked;                /* calls that returned success */
  int bInCall;               /* a call was under way (it is call nAcked, 0-based) */
  int bCut;                  /* the power went off (else the run ended first) */
} Run;

static Run *run_shared(void) {
  static Run *p;
  if (!p) {
    p = mmap(NULL, sizeof *p, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
  }
  return p;
}

/* Run fn(ctx) with the power going off, the disk then holding what mode says, before the
** cutAt-th event after fn calls power_arm (no cut when fn ends first). What is on the disk
** when it starts counts as durable. Returns what fn recorded in run_shared().
**
** bChild 0: fn runs in this process; from the cut on, every write, sync and delete fails, so
** nothing more reaches the disk, and fn must stop at the first failure (leaving bInCall set)
** and close what it opened; then the disk is made what a disk would hold. For code that acts
** on files outside SQLite too (a backup renames and fsyncs), bChild 1: fn runs in a child
** process that ends at the cut, as a machine does; a failed check in it fails the test. No file
** may be open through the VFS. */
static Run power_run(long long cutAt, PowerMode mode, int bChild, void (*fn)(void *ctx),
                     void *ctx) {
  power_reset();
  Run *pRun = run_shared();
  memset(pRun, 0, sizeof *pRun);
  power.mode = mode;
  if (!bChild) {
    power.cutAt = cutAt;
    fn(ctx);
    pRun->bCut = power.bOff;
    if (power.bOff) power_disk_after_cut();
    power.cutAt = 0;
    power.bOff = 0;
    power_reset();
    return *pRun;
  }
  pRun->bCut = 1;
  fflush(stderr);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    power.cutAt = cutAt;
    power.bChild = 1;
    fn(ctx);
    pRun->bCut = 0;
    _exit(0);
  }
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    harness_fail(__FILE__, __LINE__, "the run cut before event %lld failed", cutAt);
  }
  power_reset();
  return *pRun;
}

/* ---- the workload: luoshi's store calls ------------------------------------------------------ */

#define N_ITEM 6        /* items of the base ledger */
#define N_OP 24         /* store calls of one run */
#define ACTOR "powerloss"

static void fail_err(int line, const char *zWhat, const Err *e) {
  harness_fail(__FILE__, line, "%s: %s", zWhat, e->zMsg);
}

/* Open zPath through the store, failing the test when it cannot. Checkpoints every few pages,
** so that a run of N_OP calls also checkpoints (and is cut while it does). */
static Store *open_store(const char *zPath) {
  Store *s = NULL;
  Err e = {0};
  if (store_open(zPath, &s, &e)) fail_err(__LINE__, "store_open", &e);
  if (sq_exec(s, "PRAGMA wal_autocheckpoint=16", &e)) fail_err(__LINE__, "autocheckpoint", &e);
  return s;
}

/* A database at zPath with a document whose ledger has items 1..N_ITEM, closed cleanly. */
static void make_base(const char *zPath) {
  Store *s = open_store(zPath);
  Err e = {0};
  json_t *doc = json_pack("{s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i}}", "document", "sha256",
                          "5eed0123456789ab", "title", "断电测试", "format", "text",
                          "encoding", "utf-8", "chars", 1, "bytes", 1, "fragments", 1);
  long long docId = 0;
  int bExisting = 0;
  if (store_doc_save(s, ACTOR, doc, "t.txt", &docId, &bExisting, &e)) {
    fail_err(__LINE__, "store_doc_save", &e);
  }
  json_decref(doc);
  StoreItem a[N_ITEM];
  char azNumber[N_ITEM][12], azText[N_ITEM][64];
  memset(a, 0, sizeof a);
  for (int i = 0; i < N_ITEM; i++) {
    snprintf(azNumber[i], sizeof azNumber[i], "%d", i + 1);
    snprintf(azText[i], sizeof azText[i], "落实第%d项重点任务", i + 1);
    a[i].zNumber = azNumber[i];
    a[i].zText = azText[i];
    a[i].zKind = "other";
  }
  if (store_ledger_insert(s, ACTOR, docId, a, N_ITEM, &e)) {
    fail_err(__LINE__, "store_ledger_insert", &e);
  }
  store_close(s);
}

/* Store call number op of a run (each one transaction with its audit entry): a report filed,
** submitted, accepted; an item assigned; a milestone; an item's text edited. *pReport carries
** the report filed last from call to call. Returns the call's result. */
static int workload_call(Store *s, int op, long long *pReport, Err *e) {
  long long item = op / 6 % N_ITEM + 1;
  char z[96];
  switch (op % 6) {
    case 0: {
      StoreReport r;
      memset(&r, 0, sizeof r);
      r.itemId = item;
      snprintf(z, sizeof z, "2019-%02d", op / 6 % 12 + 1);
      r.zPeriod = z;
      r.progress = 10 + op % 90;
      r.zDone = "完成阶段性工作";
      return store_report_save(s, ACTOR, &r, pReport, e);
    }
    case 1: return store_report_move(s, ACTOR, *pReport, "draft", NULL, "submitted", NULL, e);
    case 2: return store_report_move(s, ACTOR, *pReport, "submitted", NULL, "accepted", NULL, e);
    case 3: {
      StoreAssignment a = {0};
      snprintf(z, sizeof z, "负责人%d", op);
      a.zLeader = z;
      a.nCooperating = -1;
      return store_item_assign(s, ACTOR, item, &a, e);
    }
    case 4: {
      long long id = 0;
      snprintf(z, sizeof z, "节点%d", op);
      return store_milestone_add(s, ACTOR, item, "2019-12-31", z, &id, e);
    }
    default:
      snprintf(z, sizeof z, "落实第%lld项重点任务（第%d次修改）", item, op);
      return store_item_edit(s, ACTOR, item, z, NULL, NULL, e);
  }
}

/* One line of the ledger's text (state_checked) per report, item and milestone. */
static int fp_report(void *ctx, const StoreReport *r) {
  buf_printf(ctx, "R %lld %lld %s %d %s %d\n", r->id, r->itemId, r->zPeriod, r->progress,
             r->zState, r->submissions);
  return 0;
}
static int fp_item(void *ctx, const StoreItem *it) {
  buf_printf(ctx, "I %lld %s %s %s %s\n", it->id, it->zNumber, it->zLeader, it->zStatus,
             it->zText);
  return 0;
}
static int fp_milestone(void *ctx, const StoreMilestone *m) {
  buf_printf(ctx, "M %lld %lld %s %s\n", m->id, m->itemId, m->zDue, m->zTitle);
  return 0;
}

/* What the ledger holds, as text read through store.h (no clock in it, so that two runs of the
** same calls give the same text), after checking the database: integrity_check ok, the audit
** chain whole. The caller frees the result. */
static char *state_checked(Store *s, const char *zWhere) {
  sqlite3_stmt *q = NULL;
  sqlite3 *raw = db_sqlite_handle(s->db);
  CHECK(raw != NULL);
  CHECK_INT_EQ(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
  CHECK_INT_EQ(sqlite3_step(q), SQLITE_ROW);
  const char *zOk = (const char *)sqlite3_column_text(q, 0);
  if (!zOk || strcmp(zOk, "ok") != 0) {
    harness_fail(__FILE__, __LINE__, "%s: integrity_check: %s", zWhere, zOk ? zOk : "(null)");
  }
  sqlite3_finalize(q);
  Err e = {0};
  StoreAuditResult audit;
  if (store_audit_verify(s, &audit, &e)) fail_err(__LINE__, zWhere, &e);
  if (audit.badSeq) {
    harness_fail(__FILE__, __LINE__, "%s: the audit chain breaks at %lld: %s", zWhere,
                 audit.badSeq, audit.zWhy);
  }
  Buf b = BUF_INIT;
  buf_printf(&b, "audit %lld\n", audit.nEntry);
  LedgerFilter f = {0};
  f.all = 1;
  if (store_report_list(s, 0, fp_report, &b, &e) ||
      store_ledger_list(s, &f, fp_item, &b, &e) ||
      store_milestone_list(s, 0, fp_milestone, &b, &e)) {
    fail_err(__LINE__, zWhere, &e);
  }
  return buf_take(&b);
}

/* Copy file zFrom to zTo with plain file I/O. */
static void file_copy(const char *zFrom, const char *zTo) {
  Buf b = BUF_INIT;
  CHECK_INT_EQ(buf_read_file(&b, zFrom, (size_t)1 << 30), 0);
  disk_write(zTo, (const unsigned char *)b.a, (sqlite3_int64)b.n);
  buf_free(&b);
}

/* Remove zPath and its -wal, -shm and -journal. */
static void db_files_remove(const char *zPath) {
  static const char *const azSuffix[] = {"", "-wal", "-shm", "-journal"};
  for (int i = 0; i < 4; i++) {
    char z[4200];
    snprintf(z, sizeof z, "%s%s", zPath, azSuffix[i]);
    unlink(z);
  }
}

/* A run of the workload: the database it runs on, and what it records. */
typedef struct Workload {
  const char *zPath;         /* the database (a fresh copy of the base) */
  int bNormal;               /* with synchronous=NORMAL instead of the store's own setting */
  char **azState;            /* when not NULL: the ledger before the calls and after each */
} Workload;

/* Open the store on w->zPath and make the N_OP calls, counting events from the first call,
** recording the acknowledged calls in the shared Run, stopping at a call that fails after a
** cut; close the store. */
static void workload_run(void *ctx) {
  Workload *w = ctx;
  Run *pRun = run_shared();
  Store *s = open_store(w->zPath);
  Err e = {0};
  if (w->bNormal && sq_exec(s, "PRAGMA synchronous=NORMAL", &e)) fail_err(__LINE__, "NORMAL", &e);
  if (w->azState) w->azState[0] = state_checked(s, "before the run");
  power_arm();
  long long report = 0;
  for (int op = 0; op < N_OP; op++) {
    pRun->bInCall = 1;
    if (workload_call(s, op, &report, &e)) {
      if (!power.bOff) fail_err(__LINE__, "a store call failed", &e);
      break;
    }
    pRun->bInCall = 0;
    pRun->nAcked++;
    if (w->azState) w->azState[op + 1] = state_checked(s, "after a call");
  }
  store_close(s);
}

/* Put a fresh copy of zBase at zPath. */
static void base_copy(const char *zBase, const char *zPath) {
  db_files_remove(zPath);
  file_copy(zBase, zPath);
}

/* The index of the state zGot in azState[0..n], or -1. */
static int state_index(char **azState, int n, const char *zGot) {
  for (int i = 0; i <= n; i++) {
    if (azState[i] && strcmp(azState[i], zGot) == 0) return i;
  }
  return -1;
}

/* A directory of its own for one test's files, in zDir[256]. */
static void test_dir(char zDir[256]) {
  const char *zTmp = getenv("TMPDIR");
  snprintf(zDir, 256, "%s/luoshi-power.XXXXXX", zTmp && *zTmp ? zTmp : "/tmp");
  CHECK(mkdtemp(zDir) != NULL);
}

static void test_dir_remove(const char *zDir) {
  char zCmd[400];
  snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", zDir);
  CHECK_INT_EQ(system(zCmd), 0);
}

/* The ledger of the database zPath, checked (state_checked), opened and closed again. The
** caller frees it. */
static char *state_of(const char *zPath, const char *zWhere) {
  Store *s = open_store(zPath);
  char *z = state_checked(s, zWhere);
  store_close(s);
  power_reset();
  return z;
}

/* What the cuts of one sweep showed. */
typedef struct Sweep {
  int nCut;                  /* power cuts made */
  int nLost;                 /* cuts after which an acknowledged call was missing */
  int nInterrupted;          /* cuts inside a call */
  int nInterruptedKept;      /* ... after which that call's change was there (whole) */
} Sweep;

/* Cut the power before every stride-th event of the workload, alternating the modes when
** bBothModes (else discarding only), and check each cut: the store opens, the database is
** whole, the chain verifies, and the ledger is exactly its state after a prefix of the calls,
** never a half call. bNormal: synchronous=NORMAL, which may lose acknowledged calls (counted);
** otherwise every acknowledged call must be there. */
static Sweep sweep(int bNormal, int stride, int bBothModes) {
  power_install();
  char zDir[256], zBase[300], zPath[300];
  test_dir(zDir);
  snprintf(zBase, sizeof zBase, "%s/base.db", zDir);
  snprintf(zPath, sizeof zPath, "%s/run.db", zDir);
  make_base(zBase);
  power_reset();
  char *azState[N_OP + 1] = {0};
  Workload w = {zPath, bNormal, azState};
  base_copy(zBase, zPath);
  workload_run(&w);
  long long nEvent = power.nEvent;
  power_reset();
  CHECK(nEvent > N_OP);
  w.azState = NULL;
  Sweep sw = {0, 0, 0, 0};
  for (long long k = 1; k <= nEvent; k += stride) {
    PowerMode mode = bBothModes && k % 2 ? POWER_SCRAMBLE : POWER_DISCARD;
    base_copy(zBase, zPath);
    Run run = power_run(k, mode, 0, workload_run, &w);
    CHECK(run.bCut);
    sw.nCut++;
    char zWhere[96];
    snprintf(zWhere, sizeof zWhere, "cut before event %lld of %lld (mode %d)", k, nEvent,
             (int)mode);
    char *zGot = state_of(zPath, zWhere);
    int m = state_index(azState, N_OP, zGot);
    if (m < 0) {
      harness_fail(__FILE__, __LINE__, "%s: the ledger matches no prefix of the calls:\n%s",
                   zWhere, zGot);
    }
    free(zGot);
    int mMax = run.nAcked + run.bInCall;
    if (m > mMax) {
      harness_fail(__FILE__, __LINE__, "%s: %d calls found, only %d were made", zWhere, m, mMax);
    }
    if (m < run.nAcked) sw.nLost++;
    if (!bNormal && m < run.nAcked) {
      harness_fail(__FILE__, __LINE__, "%s: %d calls acknowledged, %d found", zWhere,
                   run.nAcked, m);
    }
    if (run.bInCall) {
      sw.nInterrupted++;
      if (m == mMax) sw.nInterruptedKept++;
    }
  }
  for (int i = 0; i <= N_OP; i++) free(azState[i]);
  test_dir_remove(zDir);
  return sw;
}

/* Every event of the run is cut, the modes alternating: some 360 cuts. */
TEST(powerloss_loses_no_acknowledged_write) {
  Sweep sw = sweep(0, 1, 1);
  fprintf(stderr, "powerloss: %d cuts, %d inside a call (%d of those kept it whole), %d lost "
          "an acknowledged call\n", sw.nCut, sw.nInterrupted, sw.nInterruptedKept, sw.nLost);
  CHECK(sw.nCut >= 300);
  CHECK(sw.nInterrupted >= sw.nCut / 2);
  CHECK(sw.nInterruptedKept > 0);  /* the cut call lands whole sometimes: both ways are checked */
  CHECK_INT_EQ(sw.nLost, 0);
}

/* Why the store syncs in full: with synchronous=NORMAL the database survives a power cut
** (whole, the chain unbroken, never half a call), but calls acknowledged before it are lost.
** Every third event, the unsynced writes discarded. */
TEST(powerloss_with_synchronous_normal_loses_acknowledged_writes) {
  Sweep sw = sweep(1, 3, 0);
  fprintf(stderr, "powerloss, synchronous=NORMAL: %d cuts, %d lost an acknowledged call\n",
          sw.nCut, sw.nLost);
  CHECK(sw.nCut >= 100);
  CHECK(sw.nLost > sw.nCut / 4);
}

/* The schema version a fresh database is brought to. */
static int latest_schema_version(void) {
  Store *s = NULL;
  Err e = {0};
  if (store_open(":memory:", &s, &e)) fail_err(__LINE__, "store_open", &e);
  int v = store_schema_version(s);
  store_close(s);
  return v;
}

/* Create the database ctx (a path) and bring it up to date, counting every event. */
static void create_run(void *ctx) {
  power_arm();
  Store *s = NULL;
  Err e = {0};
  if (store_open(ctx, &s, &e)) {
    if (!power.bOff) fail_err(__LINE__, "store_open", &e);
    return;
  }
  store_close(s);
}

/* A power cut while a new database is created and migrated: the next open finishes the
** migrations and the database is whole. */
TEST(powerloss_during_migrations_leaves_a_database_that_opens) {
  power_install();
  char zDir[256], zPath[300];
  test_dir(zDir);
  snprintf(zPath, sizeof zPath, "%s/new.db", zDir);
  int latest = latest_schema_version();
  CHECK(latest > 10);
  create_run(zPath);
  long long nEvent = power.nEvent;
  power_reset();
  CHECK(nEvent > latest);
  int nCut = 0;
  for (long long k = 1; k <= nEvent; k += nEvent / 40 + 1, nCut++) {
    db_files_remove(zPath);
    CHECK(power_run(k, k % 2 ? POWER_SCRAMBLE : POWER_DISCARD, 0, create_run, zPath).bCut);
    char zWhere[96];
    snprintf(zWhere, sizeof zWhere, "migrations cut before event %lld of %lld", k, nEvent);
    Store *s = open_store(zPath);
    CHECK_INT_EQ(store_schema_version(s), latest);
    free(state_checked(s, zWhere));
    store_close(s);
    power_reset();
  }
  CHECK(nCut >= 35);
  test_dir_remove(zDir);
}

/* Paths of the backup and restore test. */
typedef struct BackupFiles {
  char zLive[300];           /* the database in use */
  char zBak[300];            /* its backup */
} BackupFiles;

/* Back up ctx's database over its backup, counting events from the start of the copy; the
** shared Run's nAcked is 1 once the backup is done (the store is closed after). */
static void backup_run(void *ctx) {
  BackupFiles *f = ctx;
  Store *s = open_store(f->zLive);
  StoreBackupInfo info;
  Err e = {0};
  power_arm();
  if (store_backup(s, f->zBak, &info, &e)) fail_err(__LINE__, "store_backup", &e);
  run_shared()->nAcked = 1;
  store_close(s);
}

/* Restore ctx's backup over its database (which is not in use), counting every event; nAcked
** as above. */
static void restore_run(void *ctx) {
  BackupFiles *f = ctx;
  StoreBackupInfo info;
  Err e = {0};
  power_arm();
  if (store_restore(f->zBak, f->zLive, 1, &info, &e)) fail_err(__LINE__, "store_restore", &e);
  run_shared()->nAcked = 1;
}

/* A power cut while `luoshi backup` writes over an earlier backup leaves that backup as it was
** (and the database as it was); one while `luoshi restore` replaces a database leaves the
** database as it was. Neither leaves half a file under the name: a cut after either finished
** finds the new file whole. */
TEST(powerloss_during_backup_and_restore_keeps_both_files_whole) {
  power_install();
  char zDir[256], zBase[300], zLive0[300], zBak0[300];
  test_dir(zDir);
  snprintf(zBase, sizeof zBase, "%s/base.db", zDir);
  snprintf(zLive0, sizeof zLive0, "%s/live0.db", zDir);
  snprintf(zBak0, sizeof zBak0, "%s/bak0.db", zDir);
  BackupFiles f;
  snprintf(f.zLive, sizeof f.zLive, "%s/live.db", zDir);
  snprintf(f.zBak, sizeof f.zBak, "%s/bak.db", zDir);
  make_base(zBase);
  power_reset();
  /* bak0: a backup of the base; live0: the base and a run of calls after it */
  Err e = {0};
  StoreBackupInfo infoOld, info;
  Store *s = open_store(zBase);
  if (store_backup(s, zBak0, &infoOld, &e)) fail_err(__LINE__, "store_backup", &e);
  store_close(s);
  char *azState[N_OP + 1] = {0};
  Workload w = {zLive0, 0, azState};
  base_copy(zBase, zLive0);
  workload_run(&w);
  power_reset();
  base_copy(zBak0, f.zLive);  /* read through a copy: the store would put bak0 in WAL mode */
  char *zOld = state_of(f.zLive, "the first backup");
  CHECK_STR_EQ(zOld, azState[0]);

  /* the backup, uncut, then cut at events through it */
  base_copy(zLive0, f.zLive);
  base_copy(zBak0, f.zBak);
  backup_run(&f);
  long long nEvent = power.nEvent;
  power_reset();
  CHECK(nEvent > 10);
  StoreBackupInfo infoNew;
  CHECK(store_backup_check(f.zBak, &infoNew, &e) == 0);
  CHECK(infoNew.nReport > infoOld.nReport);
  int nCut = 0;
  for (long long k = 1; k <= nEvent; k += nEvent / 25 + 1) {
    base_copy(zLive0, f.zLive);
    base_copy(zBak0, f.zBak);
    Run run = power_run(k, k % 2 ? POWER_SCRAMBLE : POWER_DISCARD, 1, backup_run, &f);
    CHECK(run.bCut);
    if (store_backup_check(f.zBak, &info, &e)) fail_err(__LINE__, "the backup", &e);
    const StoreBackupInfo *pWant = run.nAcked ? &infoNew : &infoOld;
    CHECK_INT_EQ(info.nReport, pWant->nReport);
    CHECK_INT_EQ(info.audit.nEntry, pWant->audit.nEntry);
    CHECK_STR_EQ(info.audit.zHead, pWant->audit.zHead);
    nCut += !run.nAcked;
    char *zGot = state_of(f.zLive, "the database backed up");
    CHECK_STR_EQ(zGot, azState[N_OP]);
    free(zGot);
  }
  CHECK(nCut >= 10);

  /* the restore of bak0 over live0, uncut, then cut at events through it */
  base_copy(zLive0, f.zLive);
  snprintf(f.zBak, sizeof f.zBak, "%s", zBak0);
  restore_run(&f);
  nEvent = power.nEvent;
  power_reset();
  CHECK(nEvent > 10);
  char *zGot = state_of(f.zLive, "the database restored");
  CHECK_STR_EQ(zGot, zOld);
  free(zGot);
  nCut = 0;
  for (long long k = 1; k <= nEvent; k += nEvent / 25 + 1) {
    base_copy(zLive0, f.zLive);
    Run run = power_run(k, k % 2 ? POWER_SCRAMBLE : POWER_DISCARD, 1, restore_run, &f);
    CHECK(run.bCut);
    zGot = state_of(f.zLive, "the database a restore was cut in");
    CHECK_STR_EQ(zGot, run.nAcked ? zOld : azState[N_OP]);
    free(zGot);
    nCut += !run.nAcked;
  }
  CHECK(nCut >= 10);
  free(zOld);
  for (int i = 0; i <= N_OP; i++) free(azState[i]);
  test_dir_remove(zDir);
}
