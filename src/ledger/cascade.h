/*
** Cascade (层层分解): a unit splits its item into sub-items for its own sub-units or for units
** cooperating on it; they may split further. Progress rolls up by the weights the office sets
** (equal by default): an item with sub-items stands at the weighted mean of theirs (a sub-item
** not yet reported counts as 0), and the sub-items below that mean are the ones holding it back.
*/
#ifndef LUOSHI_LEDGER_CASCADE_H
#define LUOSHI_LEDGER_CASCADE_H

#include "auth.h"

/* Split item itemId among the units named azUnit[0..n) with weights aWeight (NULL: equal). A
** reporter splits only their unit's items, and only to units below theirs or cooperating. */
int cascade_split(Store *s, const Actor *a, long long itemId, const char *const *azUnit,
                  const double *aWeight, int n, Err *e);

/* One item of a rolled-up tree. */
typedef struct CascadeNode {
  StoreNode n;           /* as stored (strings borrowed for the life of the tree) */
  int rolled;            /* progress after roll-up, 0..100 */
  int holdsBack;         /* below its parent's rolled-up progress */
  int nChild;
} CascadeNode;

typedef struct CascadeTree {
  CascadeNode *a;        /* root first, then by number */
  int n;
  void *pStrings;        /* owned */
} CascadeTree;

/* Read and roll up the tree under item itemId. */
int cascade_tree(Store *s, long long itemId, CascadeTree *t, Err *e);
void cascade_tree_free(CascadeTree *t);

#endif
