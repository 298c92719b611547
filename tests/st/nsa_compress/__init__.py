"""aclnnNsaCompress's system tests through its example binary."""
