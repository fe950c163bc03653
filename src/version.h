/* version: the program version, written into every artifact manifest and
 * hashed into every artifact's inputs (a new version rebuilds all). */
#ifndef TB_VERSION_H
#define TB_VERSION_H

#define TB_VERSION "0.1.0"

#endif
