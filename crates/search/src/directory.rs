//! The index folder as tantivy reads it ([`IndexDirectory`]): tantivy's memory-mapped folder,
//! except that the large files read at random places while searching (stored documents,
//! postings, positions) are read with positional reads into short-lived buffers instead of
//! being mapped.
//!
//! Why (issue 19, point 4): every page of a mapped file that a search touches stays in the
//! process's resident memory for as long as the segment is open, and the hits of real
//! traffic are spread over the whole index. Under a mixed load over a ×20 corpus the server
//! held 300 MB of mapped index pages after ten seconds (240 MB of them stored documents,
//! each read pulling in the kernel's read-ahead around it) against 30 MB of its own memory,
//! and it grew with the index. Read with `pread`, the same bytes come from the kernel's page
//! cache, which is shared, reclaimable and not the server's: the server holds a stored
//! block or a posting list only while a request uses it.
//!
//! The small files that tantivy reads whole when it opens a segment (term dictionaries,
//! fast fields, field norms, deletes) stay mapped: they are resident either way. A read
//! larger than [`LARGE_READ`] (merging segments, the postings of the commonest words of a
//! large index) is served from a mapping of the file too, as before, so it is not copied.
//!
//! It deliberately changes nothing about how files are written, locked or watched.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// Reads larger than this come from a mapping of the file instead of a copy.
pub(crate) const LARGE_READ: usize = 1 << 20;

/// The files searched at random places: stored documents, postings and positions.
const READ_NOT_MAPPED: [&str; 3] = ["store", "idx", "pos"];

/// An index folder on disk; see the module documentation.
#[derive(Debug, Clone)]
pub(crate) struct IndexDirectory {
    mapped: MmapDirectory,
    root: PathBuf,
}

impl IndexDirectory {
    pub(crate) fn open(dir: &Path) -> tantivy::Result<IndexDirectory> {
        Ok(IndexDirectory {
            mapped: MmapDirectory::open(dir)?,
            root: dir.to_owned(),
        })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let read = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| READ_NOT_MAPPED.contains(&ext));
        if !read {
            return self.mapped.get_file_handle(path);
        }
        let full = self.root.join(path);
        let file = File::open(&full).map_err(|err| match err.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_owned()),
            _ => OpenReadError::wrap_io_error(err, path.to_owned()),
        })?;
        let len = file
            .metadata()
            .map_err(|err| OpenReadError::wrap_io_error(err, path.to_owned()))?
            .len();
        Ok(Arc::new(ReadFile {
            file,
            len: usize::try_from(len).unwrap_or(usize::MAX),
            path: path.to_owned(),
            mapped: self.mapped.clone(),
            mapping: OnceLock::new(),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mapped.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mapped.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.mapped.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mapped.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mapped.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.mapped.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mapped.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mapped.watch(watch_callback)
    }
}

/// A file read with positional reads; large reads from a mapping made on first need.
struct ReadFile {
    file: File,
    len: usize,
    path: PathBuf,
    mapped: MmapDirectory,
    mapping: OnceLock<Arc<dyn FileHandle>>,
}

impl std::fmt::Debug for ReadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadFile")
            .field("path", &self.path)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: bytes {range:?} asked of {} bytes",
                    self.path.display(),
                    self.len
                ),
            ));
        }
        if range.len() > LARGE_READ {
            return self.mapping()?.read_bytes(range);
        }
        let mut buffer = vec![0; range.len()];
        read_at(&self.file, &mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl ReadFile {
    fn mapping(&self) -> io::Result<&Arc<dyn FileHandle>> {
        if let Some(mapping) = self.mapping.get() {
            return Ok(mapping);
        }
        let mapping = self
            .mapped
            .get_file_handle(&self.path)
            .map_err(|err| io::Error::other(err.to_string()))?;
        Ok(self.mapping.get_or_init(|| mapping))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use tantivy::directory::TerminatingWrite;

    use super::*;

    fn file_of(dir: &Path, name: &str, bytes: &[u8]) -> Arc<dyn FileHandle> {
        let mut writer = IndexDirectory::open(dir)
            .unwrap()
            .open_write(Path::new(name))
            .unwrap();
        writer.write_all(bytes).unwrap();
        writer.terminate().unwrap();
        IndexDirectory::open(dir)
            .unwrap()
            .get_file_handle(Path::new(name))
            .unwrap()
    }

    #[test]
    fn reads_ranges_of_read_and_mapped_files_alike() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..LARGE_READ + 4096).map(|n| (n % 251) as u8).collect();
        for name in ["seg.store", "seg.fast"] {
            let file = file_of(dir.path(), name, &bytes);
            assert_eq!(file.len(), bytes.len(), "{name}");
            // Small (read), empty, and large (mapped) ranges, at the start and the end.
            for range in [
                0..10,
                4000..4100,
                7..7,
                0..bytes.len(),
                bytes.len() - 3..bytes.len(),
            ] {
                let read = file.read_bytes(range.clone()).unwrap();
                assert_eq!(read.as_slice(), &bytes[range.clone()], "{name} {range:?}");
            }
        }
        // Past the end: an error, not a panic (tantivy's mapped files panic).
        let read = file_of(dir.path(), "other.idx", &bytes);
        assert!(read.read_bytes(0..bytes.len() + 1).is_err());
        let missing = IndexDirectory::open(dir.path())
            .unwrap()
            .get_file_handle(Path::new("none.store"));
        assert!(matches!(missing, Err(OpenReadError::FileDoesNotExist(_))));
    }
}
