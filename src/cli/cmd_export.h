/* cmd_export.h - `attnstep export MODEL_DIR OUT_DIR [--force]`. */
#ifndef ATTNSTEP_CMD_EXPORT_H
#define ATTNSTEP_CMD_EXPORT_H

/* cmd_export: run the canonical pipeline on the model directory and write
 * every canonical matrix as OUT_DIR/NAME.npy (see io/export.h for how an
 * existing OUT_DIR is treated). argv[0] is "export". The kernel set must
 * already be chosen (engine_init). Returns the exit status: 0 on success,
 * 2 on a usage or input error, with one message on stderr in the form
 * "attnstep: path: what is wrong". */
int cmd_export(int argc, char **argv);

#endif
