# Lesson plans: import from a file, export to Excel, copy of a plan.
plio-grade = grade { $grade }
plio-import-title = Import a lesson plan from a file
plio-import-intro = Upload your lesson plan (КТП) from Excel (XLSX) or CSV, in the layout you keep it in. You will see what was read first; the plan changes only when you confirm.
plio-file = File
plio-file-hint = XLSX (the first sheet is read) or CSV in UTF-8 or Windows-1251, separated by «;», «,» or tabs. At most { $mb } MB.
plio-file-missing = Choose a file.
plio-file-gone = The file is gone: it may have been imported or cancelled already. Upload it again.
plio-upload-note = The header row need not be the first: title rows above it are skipped. Sections come from a «Раздел» column or from rows holding only a name (no number, no hours), such as «Раздел 1. Натуральные числа (20 ч)». «Итого» rows are skipped.
plio-check = Check the file
plio-columns = Columns that are read
plio-columns-hint = Case, punctuation and extra spaces in the names do not matter. Only the topic column is required; without an hours column every topic takes 1 hour. Other columns are skipped.
plio-th-column = Column
plio-th-meaning = What it holds
plio-required = required
plio-col-number = No.
plio-col-section = Section
plio-col-topic = Lesson topic
plio-col-hours = Hours
plio-col-date = Date
plio-col-kind = Lesson type
plio-col-homework = Homework
plio-col-control = Test
plio-help-number = Lesson number. A row with only a name, without number and hours, heads a section.
plio-help-section = Section: consecutive rows with the same section (or an empty cell) belong to it.
plio-help-topic = Lesson topic.
plio-help-hours = Hours: a whole number from 1 to 40; without the column, 1 hour.
plio-help-date = Planned date: DD.MM.YYYY, DD.MM (the year comes from the study year), YYYY-MM-DD or an Excel date; of «15.09, 17.09» the first is taken.
plio-help-kind = Lesson type in Russian: «изучение нового материала», «закрепление», «комбинированный», «повторение», «контроль», «лабораторная работа», abbreviations such as УОНМ, КУ, УКЗ; an empty cell means combined.
plio-help-homework = Homework.
plio-help-control = Any mark («+», «да», «К/р») makes a test. A topic starting with «Контрольная работа» is marked too.
plio-no-topic-column = No column of lesson topics was found in the first rows of the file. It needs a header row with a «Тема» or «Тема урока» column; «№», «Раздел», «Количество часов», «Дата», «Тип урока», «Домашнее задание» and «Контроль» are read as well.
plio-source-xlsx = Excel workbook, sheet «{ $sheet }»
plio-source-csv = CSV, { $encoding }, separator { $separator }
plio-separator-tab = tab
plio-problem-line = row { $line }: { $message }
plio-err-no-topic = no topic
plio-err-title-long = the topic is longer than { $value } characters
plio-err-hours = hours are not a number from 1 to 40 («{ $value }»)
plio-err-date = the date cannot be read («{ $value }»)
plio-err-kind = unknown lesson type «{ $value }»
plio-err-homework-long = the homework is longer than { $value } characters
plio-preview-title = Checking the lesson plan file
plio-columns-used = Columns read
plio-columns-ignored = Columns skipped
plio-w-sections = { $n ->
    [one] section
   *[other] sections
}
plio-w-topics = { $n ->
    [one] topic
   *[other] topics
}
plio-w-hours = { $n ->
    [one] hour
   *[other] hours
}
plio-n-topics = { $n ->
    [one] { $n } topic
   *[other] { $n } topics
}
plio-n-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
plio-bad-rows = Errors in { $n ->
    [one] { $n } row
   *[other] { $n } rows
}. Correct the file and upload it again: while the file has errors, the plan does not change.
plio-no-topics = No topic was found in the file.
plio-ok = No errors. Check the topics and choose how to load them into the plan.
plio-th-line = Row
plio-th-number = No.
plio-th-check = Check
plio-section = section
plio-control = test
plio-kind-new = New material
plio-kind-practice = Practice
plio-kind-combined = Combined
plio-kind-review = Review
plio-kind-control = Assessment
plio-kind-lab = Lab or practical work
plio-kind-other = Other
plio-replace = Replace the plan
plio-append = Add at the end
plio-cancel = Cancel
plio-upload-again = Upload another file
plio-blocked = The plan will not change while the file has errors.
plio-replace-warning = «Replace the plan» removes the { $n ->
    [one] { $n } topic
   *[other] { $n } topics
} the plan has now; «Add at the end» keeps them and adds the new ones.
plio-flash-imported = The plan was loaded from the file.
plio-flash-cancelled = Import cancelled; the plan is unchanged.
plio-flash-copied = A copy of the plan was made.
plio-copy-title = Copy of a plan
plio-copy-intro = The new plan gets every section, topic, hours, lesson type, homework, test and material of this plan. A copy can be made for a class or a grade of this subject in the current study year — from last year's plan, for instance.
plio-copy-nowhere = There is no class or grade you may write a plan for in this subject in an open study year.
plio-copy-target = For whom
plio-copy-target-missing = Choose a class or a grade.
plio-copy-name = Plan title
plio-copy-bind = Have the class follow the new plan at once (its topics fill the class's lessons)
plio-copy-submit = Make the copy
plio-xlsx-heading = Lesson plan
plio-xlsx-subject = Subject
plio-xlsx-class = Class: { $class }
plio-xlsx-grade = Grade: { $grade }
plio-xlsx-year = Study year
plio-xlsx-teacher = Teacher
plio-xlsx-total = Total
plio-xlsx-sheet = Plan
