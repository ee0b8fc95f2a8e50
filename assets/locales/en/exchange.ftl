# Import and export of lists: students with their parents, staff.
ex-title = Import and export
ex-intro = Upload lists of students with their parents and of staff from Excel (XLSX) or CSV — or download them in the same columns to move them to another system.
ex-year-current = Current study year: { $name }.
ex-year-missing = No current study year is set: there is nowhere to enrol students. Create the study year and its classes first.
ex-year-closed = The current study year { $value } is closed: no one can be enrolled in it.
ex-import-students = Import students and parents
ex-import-students-hint = Students are enrolled in classes of the current study year from today. A parent named for several children with the same full name and phone or e-mail becomes one account.
ex-import-staff = Import staff
ex-import-staff-hint = Teachers, administration, psychologists, social pedagogues.
ex-upload-start = Upload a file
ex-template = Template
ex-template-students = Students and parents
ex-template-staff = Staff
ex-export = Export
ex-export-hint = Downloads use the same columns as the import. The files hold parents' contacts: keep them safe. Every download is written to the audit log.
ex-export-students = Students with parents
ex-export-all-classes = All classes
ex-export-staff = Staff
ex-columns = File columns
ex-formats = The file is an Excel workbook (XLSX; the first sheet is read) or CSV in UTF-8 (with or without BOM) or Windows-1251, separated by «;», «,» or tabs: the encoding and the separator are detected. Dates: DD.MM.YYYY, YYYY-MM-DD or an Excel date cell. At most { $rows } rows and { $mb } MB.
ex-columns-hint = Column names go in the first row, in Russian as below; case, order and extra spaces do not matter. Unknown columns are skipped.
ex-column = Column
ex-meaning = What it holds
ex-required = required
ex-parents-more = For a second parent, the same four columns with «Родитель 2»; a third can be added the same way.
ex-col-full-name = Surname, first name and patronymic in one column, instead of three.
ex-col-surname = Surname.
ex-col-first-name = First name.
ex-col-patronymic = Patronymic, if any.
ex-col-birth-date = The student's date of birth: 01.09.2015.
ex-col-sex = «м» (male) or «ж» (female).
ex-col-class = A class of the current study year: «5А», «5 А» or «5-а».
ex-col-login = Sign-in login; when empty, one is made from the name (ivanov.ps).
ex-col-position = Position: «Учитель математики».
ex-col-roles = Roles separated by commas: учитель (teacher), завуч (administration), администратор (administrator), психолог (psychologist), социальный педагог (social pedagogue).
ex-col-phone = Phone: +7 900 123-45-67.
ex-col-email = E-mail address.
ex-col-parent-name = The parent's (guardian's) full name — surname and first name at least.
ex-col-parent-relation = Relation: мать (mother), отец (father), опекун (guardian), бабушка (grandmother), дедушка (grandfather) or другое (other). Empty means «другое».
ex-col-parent-phone = The parent's phone.
ex-col-parent-email = The parent's e-mail.
ex-upload-note = The file is checked first: you will see every row and every problem. Nothing is written until you confirm the import.
ex-file = List file
ex-file-hint = XLSX or CSV, at most { $mb } MB.
ex-check = Check the file
ex-file-missing = Choose a file.
ex-file-unknown = This is not a table: upload an Excel workbook (XLSX) or a CSV file.
ex-file-xls = This is an old-format Excel workbook (XLS). Save it as «Excel Workbook (XLSX)» or «CSV (semicolon delimited)» and upload it again.
ex-file-bad-xlsx = The file looks like an archive but is not an Excel workbook (XLSX), or it is damaged.
ex-file-empty = The file has no row of column names.
ex-file-too-many-rows = The file has more than { $n } rows: split it into parts.
ex-file-missing-columns = The first row lacks required columns: { $columns }.
ex-file-duplicate-column = The column «{ $column }» appears twice.
ex-file-gone = The uploaded file is no longer available: it was imported already or the upload was cancelled. Upload the file again.
ex-has-problems = The file has problems: nothing was imported.
ex-preview-title = File check
ex-source-csv = CSV, encoding { $encoding }, separator { $separator }
ex-source-xlsx = XLSX, sheet «{ $sheet }»
ex-separator-tab = tab
ex-ignored = Unknown columns skipped: { $columns }.
ex-will-create = Will be created
ex-n-rows = { $n ->
    [one] { $n } row
   *[other] { $n } rows
}
ex-n-students = { $n ->
    [one] student
   *[other] students
}
ex-n-parents-new = { $n ->
    [one] parent
   *[other] parents
}
ex-n-parents-existing = { $n ->
    [one] parent already in the school
   *[other] parents already in the school
}
ex-n-links = { $n ->
    [one] child–parent link
   *[other] child–parent links
}
ex-n-staff = { $n ->
    [one] staff member
   *[other] staff members
}
ex-problems-alert = Problems in { $n ->
    [one] { $n } row
   *[other] { $n } rows
}. Fix the file and upload it again: nothing is imported while the file has problems.
ex-ok-alert = No problems found. Check the list and confirm the import.
ex-no-rows = The file has no data rows.
ex-order-note = Rows with problems first, then the others.
ex-page-of = Page { $n } of { $total }
ex-th-line = Row
ex-th-name = Full name
ex-th-birth = Date of birth
ex-th-class = Class
ex-th-position = Position and roles
ex-th-login = Login
ex-th-parents = Parents
ex-th-check = Check
ex-ok = fine
ex-problem-in-column = «{ $column }»: { $message }
ex-parent-existing = already in the school
ex-parent-shared = as in row { $line }
ex-rel-mother = mother
ex-rel-father = father
ex-rel-guardian = guardian
ex-rel-grandmother = grandmother
ex-rel-grandfather = grandfather
ex-rel-other = other
ex-date-invalid = «{ $value }» is not a date. Write DD.MM.YYYY.
ex-date-future = The date of birth { $value } is in the future.
ex-sex-unknown = Sex «{ $value }» not understood: write «м» or «ж».
ex-class-invalid = «{ $value }» is not a class name (like 5А).
ex-class-unknown = There is no class «{ $value }» in the current study year.
ex-row-duplicate = Repeats row { $line }.
ex-student-exists = A student with this full name and date of birth is already in the school.
ex-staff-exists = A staff member with this full name is already in the school.
ex-login-duplicate = «{ $value }» is already given in row { $line }.
ex-login-taken = «{ $value }» is taken.
ex-parent-name-required = Give the parent's full name.
ex-parent-name-short = At least a surname and a first name are needed; the file has «{ $value }».
ex-relation-unknown = «{ $value }» not understood. Write: мать, отец, опекун, бабушка, дедушка or другое.
ex-role-unknown = Role «{ $value }» not understood. Roles: учитель, завуч, администратор, психолог, социальный педагог.
ex-parent-conflict = This parent is given with another phone or e-mail in row { $line }.
ex-parent-twice = The parent «{ $value }» is given twice for this child.
ex-confirm = Import
ex-confirm-blocked = The import becomes available when the file has no problems left.
ex-cancel = Cancel the upload
ex-upload-again = Upload another file
ex-flash-cancelled = Upload cancelled.
ex-done-title = Import complete
ex-done-per-class = By class
ex-done-new-students = New students
ex-done-passwords = The accounts were created without passwords: give passwords with access letters or with «Issue a new password» on the account page.
ex-link-students = Students in the account list
ex-link-parents = Parents in the account list
ex-link-staff = Account list
ex-link-again = Back to import and export
ex-sheet-students = Students
ex-sheet-staff = Staff
