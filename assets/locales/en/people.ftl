# Classes, students, parents, access letters.
classes-title = Classes
classes-no-year = The current study year has not been created yet.
classes-none = No classes are open to you.
classes-mine = my class
classes-students = { $n ->
    [one] { $n } student
   *[other] { $n } students
}
classes-class-title = { $name } — { $year }
classes-chief = Class teacher
classes-room = room
classes-progress = Progress
classes-attendance = Attendance of the day
classes-timetable = Timetable
classes-diary = diary
classes-empty = No students in the class yet.
classes-add-student = Add a student
people-birth-date = Date of birth
people-birth-date-invalid = Check the date of birth.
people-date-invalid = Give the date.
people-sex = Sex
people-sex-male = male
people-sex-female = female
people-sign-in = Sign-in
people-no-password = no password
people-never-signed-in = never signed in
people-parents = Parents
people-no-parents = No parents given.
people-class = Class
people-not-in-class = Not in a class
people-basic = Basic data
people-unlink = unlink
people-add-parent = Add a parent
people-link-parent = Link an existing account
people-login-unknown = No account has this login.
people-relation = Relation
people-movement = Movement
people-movement-kind = Event
people-date = Date
people-reason = Grounds or reason
people-order = Order No.
people-record-movement = Record a transfer or withdrawal
people-to-class = To class
movement-enrol = enrolment
movement-transfer = transfer
movement-withdraw = withdrawal
relation-mother = mother
relation-father = father
relation-guardian = guardian
relation-grandmother = grandmother
relation-grandfather = grandfather
relation-other = other
letters-title = Access letters
letters-intro = Tick whom to print letters for. Everyone without a password is ticked.
letters-print = Print
letters-warning = Printing gives the ticked people new one-time passwords: their old passwords stop working. The passwords appear only on this printout.
letters-print-button = Issue passwords and print
letters-ready = { $n ->
    [one] { $n } letter ready.
   *[other] { $n } letters ready.
}
letters-print-hint = Print this page (Ctrl+P): the passwords are not shown anywhere else.
letters-heading = Access to the electronic diary
letters-parent-of = Parent (legal representative) of:
letters-instructions = Open the address in a browser or point a phone camera at the QR code, then enter the login and password. At the first sign-in you will be asked to choose your own password. Never share your password.
letters-none-chosen = Tick at least one person.
letters-not-in-class = Someone on the list is not of this class.
letters-staff-account = Staff passwords are issued by the administrator.
signins-class-title = Who has signed in
signins-class-summary = { $signed } of { $total } have signed in.
signins-class-all = Show everyone
signins-class-never-only = Only those who never signed in
