// Any test that imports `electron` without mocking it fails loudly here instead of trying a download.
throw new Error('electron is not available in tests: keep the code under test free of electron imports or vi.mock("electron").');
