"""aclnnNsaCompressGrad's system tests through its example binary."""
